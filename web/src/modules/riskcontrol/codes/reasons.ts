/**
 * A health code's reasons in words (zh first, en), shared by the staff pages and the resident's
 * page, and the colours the code is drawn in.
 */
import type { Lang } from '../../../app/i18n/i18n';
import type { CodeColour, HealthCodeReason } from './api-types';

export const CODE_COLOURS: Record<CodeColour, string> = {
  green: '#389e0d',
  yellow: '#d4b106',
  red: '#cf1322',
};

export const COLOUR_LABELS: Record<CodeColour, { zh: string; en: string }> = {
  green: { zh: '绿码', en: 'Green' },
  yellow: { zh: '黄码', en: 'Yellow' },
  red: { zh: '红码', en: 'Red' },
};

export const REASON_LABELS: Record<HealthCodeReason['code'], { zh: string; en: string }> = {
  positive_screen: { zh: '核酸检测阳性（待转运）', en: 'Tested positive (awaiting transfer)' },
  in_care: { zh: '确诊或无症状感染者，正在医院或方舱治疗', en: 'A case in hospital or shelter' },
  discharged: { zh: '出院（出舱）后健康监测', en: 'Health monitoring after discharge' },
  close_contact: { zh: '密切接触者，隔离期内', en: 'Close contact, within isolation' },
  close_contact_monitoring: { zh: '密切接触者，居家健康监测期', en: 'Close contact, home health monitoring' },
  secondary_contact: { zh: '次密切接触者，隔离期内', en: 'Secondary contact, within isolation' },
  companion: { zh: '时空伴随者', en: 'Space-time companion' },
  area: { zh: '居住或到访风险区域', en: 'Lives in or visited a risk area' },
  arrival: { zh: '从中高风险地区来（返）', en: 'Arrived from a high- or medium-risk area' },
  no_recent_test: { zh: '未在规定时间内完成核酸检测', en: 'No negative test within the required hours' },
  external: { zh: '外省赋码', en: 'Colour set by another province' },
};

const RISK: Record<'high' | 'medium' | 'low', { zh: string; en: string }> = {
  high: { zh: '高风险区', en: 'high-risk area' },
  medium: { zh: '中风险区', en: 'medium-risk area' },
  low: { zh: '低风险区', en: 'low-risk area' },
};

/** One reason as a sentence, with its details (area, place, province, hours, end day). */
export function reasonText(r: HealthCodeReason, lang: Lang): string {
  const base = REASON_LABELS[r.code][lang];
  let detail = '';
  if (r.code === 'area')
    detail = lang === 'zh' ? `：${r.name}（${RISK[r.risk].zh}）` : `: ${r.name} (${RISK[r.risk].en})`;
  if (r.code === 'arrival')
    detail = lang === 'zh' ? `：${r.from}（${RISK[r.risk].zh}）` : `: ${r.from} (${RISK[r.risk].en})`;
  if (r.code === 'external') detail = lang === 'zh' ? `：${r.by}` : `: ${r.by}`;
  if (r.code === 'no_recent_test') detail = lang === 'zh' ? `（${r.hours} 小时内）` : ` (${r.hours} h)`;
  if (r.code === 'companion')
    detail =
      lang === 'zh' ? '（两次核酸阴性、间隔24小时以上可转码）' : ' (two negatives ≥ 24 h apart clear it)';
  const until = r.until ? (lang === 'zh' ? `，${r.until} 起解除` : `, lifts on ${r.until}`) : '';
  return `${base}${detail}${until}`;
}
