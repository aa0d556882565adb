import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useLang, useT } from '../i18n/i18n';

/** One click toggles 中文 ⇄ English; the button names the language it switches to. */
export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { lang, setLang } = useLang();
  const t = useT();
  return (
    <Button
      type="text"
      icon={<TranslationOutlined />}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
      style={dark ? { color: 'rgba(255,255,255,0.85)' } : undefined}
      data-testid="lang-switch"
      lang={lang === 'zh' ? 'en' : 'zh-CN'}
    >
      {t('lang.switch')}
    </Button>
  );
}
