/**
 * The server names the field it refuses and says why in English (VALIDATION_FAILED details). The
 * reasons the workbench meets often — itinerary overlaps, clocks done out of order — are said here
 * in the user's language; anything else is shown as the server wrote it. Patterns follow the
 * messages of server/modules/tracing/itinerary.service.ts and investigation.service.ts.
 */
import type { Lang, Localized } from '../../../app/i18n/i18n';

const PATTERNS: Array<[RegExp, Localized]> = [
  [
    /^overlaps the entry (.+?)(?: \([0-9a-f-]{36}\))?$/i,
    { zh: '与已有轨迹重叠：$1', en: 'overlaps the entry $1' },
  ],
  [/^must be after fromAt$/, { zh: '应晚于开始时间', en: 'must be after the start' }],
  [/^is in the future$/, { zh: '不能晚于当前时间', en: 'is in the future' }],
  [/^is before the case was reported$/, { zh: '早于病例报告时间', en: 'is before the case was reported' }],
  [/^write the address$/, { zh: '请填写地址', en: 'write the address' }],
  [/^choose the village$/, { zh: '请选择村（社区）', en: 'choose the village' }],
  [/^not a village or community$/, { zh: '请选择村（社区）一级', en: 'not a village or community' }],
  [/^no such venue$/, { zh: '场所不存在', en: 'no such venue' }],
  [/^not a phone number$/, { zh: '不是有效的电话号码', en: 'not a phone number' }],
  [/^not a contact of this case$/, { zh: '不是本病例的密接人员', en: 'not a contact of this case' }],
  [
    /^core information needs the itinerary/,
    { zh: '核心信息需先录入至少一条活动轨迹', en: 'core information needs at least one itinerary entry' },
  ],
  [
    /^the report comes after the core information/,
    { zh: '需先完成核心信息（4 小时）时限', en: 'the report comes after the core information clock' },
  ],
  [
    /^(\d+) close contact\(s\) named by this case are not yet under control$/,
    {
      zh: '本病例还有 $1 名密接未落实管控',
      en: '$1 close contact(s) of this case are not yet under control',
    },
  ],
];

export function problemText(message: string, lang: Lang): string {
  for (const [pattern, text] of PATTERNS) {
    if (pattern.test(message)) return message.replace(pattern, text[lang]);
  }
  return message;
}
