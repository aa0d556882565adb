/**
 * A small i18n: typed message dictionaries (zh first, en with exactly the same keys), a `t()` hook
 * and the language choice persisted in localStorage. Modules keep their own dictionaries next to
 * their pages (`*.messages.ts`) and pass them to `useT(dict)`; common words live in messages.ts.
 */
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { COMMON, type CommonKey } from './messages';

export type Lang = 'zh' | 'en';
export type Localized = { zh: string; en: string };
export type Vars = Record<string, string | number>;

export interface Dict<K extends string> {
  zh: Record<K, string>;
  en: Record<K, string>;
}

/** zh is the source of truth; en must name the same keys (a missing or extra key is a type error). */
export function defineMessages<const Z extends Record<string, string>>(
  zh: Z,
  en: { [K in keyof Z]: string },
): Dict<keyof Z & string> {
  return { zh, en };
}

const STORAGE_KEY = 'cordon.lang';

/** Dates (dayjs, the antd pickers) and the page's lang attribute follow the chosen language. */
function applyLang(lang: Lang): Lang {
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  return lang;
}

function initialLang(): Lang {
  try {
    return applyLang(localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh');
  } catch {
    return applyLang('zh');
  }
}

export function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    vars[name] === undefined ? whole : String(vars[name]),
  );
}

interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

const LangContext = createContext<LangState>({ lang: 'zh', setLang: () => undefined });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(applyLang(next));
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

export type Translate<K extends string> = (key: K | CommonKey, vars?: Vars) => string;

/** `t(key, vars)` over the common messages plus, optionally, one module's dictionary. */
export function useT<K extends string = never>(dict?: Dict<K>): Translate<K> {
  const { lang } = useLang();
  return useCallback(
    (key: K | CommonKey, vars?: Vars) => {
      const own = dict?.[lang] as Record<string, string> | undefined;
      const common = COMMON[lang] as Record<string, string>;
      return interpolate(own?.[key] ?? common[key] ?? key, vars);
    },
    [dict, lang],
  );
}

/** Picks the current language from a {zh, en} pair (role labels in domain/access.ts, for example). */
export function useLocalize(): (text: Localized) => string {
  const { lang } = useLang();
  return useCallback((text: Localized) => text[lang], [lang]);
}

/** A parenthetical in the language's own punctuation: 张三（zhangsan） / Zhang San (zhangsan). */
export function parens(text: string, lang: Lang): string {
  return lang === 'zh' ? `（${text}）` : ` (${text})`;
}
