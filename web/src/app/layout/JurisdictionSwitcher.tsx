/**
 * The header's jurisdiction switcher: the selection lives in the URL, so switching opens the same
 * module for the new jurisdiction.
 */
import { EnvironmentOutlined } from '@ant-design/icons';
import { JurisdictionPicker } from '../../components/JurisdictionPicker';
import { useT } from '../i18n/i18n';
import { useSelect, useSelection } from '../selection';

export function JurisdictionSwitcher() {
  const t = useT();
  const { code } = useSelection();
  const select = useSelect();
  return (
    <div className="jurisdiction-switcher">
      <EnvironmentOutlined />
      <span className="jurisdiction-switcher-label">{t('header.jurisdiction')}</span>
      <JurisdictionPicker
        value={code}
        onChange={(next) => next && select(next)}
        style={{ width: 'var(--switcher-width, 260px)' }}
        testId="jurisdiction-switcher"
        variant="filled"
      />
    </div>
  );
}
