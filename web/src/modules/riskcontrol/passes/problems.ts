/**
 * Every reason a checkpoint gives, in plain words with its values ("不在通行路线上（路线：AC-BJ-01 →
 * AC-BJ-03）"): the problems of domain/pass-token.ts, code-token.ts, checkpoint-policy.ts and the
 * server's own (VerifyProblem), and the reason codes the statistics count.
 */
import dayjs from 'dayjs';
import type { Lang } from '../../../app/i18n/i18n';
import type { VerifyProblem } from './api-types';
import { CERTIFICATE_LABELS, COLOUR_LABELS, CROSSING_LABELS, labelOf } from './labels';

const unix = (s: number) => dayjs(s * 1000).format('YYYY-MM-DD HH:mm');
const iso = (s: string | null) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm') : null);

export function problemText(p: VerifyProblem, lang: Lang): string {
  const zh = lang === 'zh';
  switch (p.code) {
    case 'not_ours':
      return zh ? '不是本平台的通行证或健康码' : 'Not a pass or code of this platform';
    case 'malformed':
      return zh ? '二维码内容不完整或已损坏' : 'The code is incomplete or damaged';
    case 'unknown_key':
      return zh
        ? `签发密钥未知（${p.key}），无法确认真伪`
        : `Signed by an unknown key (${p.key}): cannot be trusted`;
    case 'bad_signature':
      return zh ? '签名无效：通行证可能被伪造或篡改' : 'Bad signature: forged or altered';
    case 'revoked':
      return zh ? '已被吊销' : 'Revoked';
    case 'not_yet_valid':
      return zh ? `尚未生效（生效时间 ${unix(p.from)}）` : `Not valid yet (from ${unix(p.from)})`;
    case 'expired':
      return zh ? `已过期（有效期至 ${unix(p.until)}）` : `Expired (valid until ${unix(p.until)})`;
    case 'off_route':
      return zh
        ? `不在通行路线上（路线：${p.route.join(' → ')}）`
        : `Not on the route (route: ${p.route.join(' → ')})`;
    case 'wrong_plate':
      return zh
        ? `车牌不符（通行证：${p.plate ?? '无'}，实际：${p.seen}）`
        : `Plate does not match (pass: ${p.plate ?? 'none'}, seen: ${p.seen})`;
    case 'driver_not_named':
      return zh ? `驾驶员不是通行证上的人员（${p.seen}）` : `The driver is not named on the pass (${p.seen})`;
    case 'code_expired':
      return zh
        ? `健康码已过期（${unix(p.at)}），请对方刷新后重新出示`
        : `The code expired (${unix(p.at)}): ask for a fresh one`;
    case 'crossing_not_allowed':
      return zh
        ? `本卡口不允许“${labelOf(CROSSING_LABELS, p.crossing, lang)}”通行`
        : `This checkpoint does not allow "${labelOf(CROSSING_LABELS, p.crossing, lang)}"`;
    case 'code_colour':
      return zh
        ? `健康码为${labelOf(COLOUR_LABELS, p.colour, lang)}`
        : `Health code is ${labelOf(COLOUR_LABELS, p.colour, lang).toLowerCase()}`;
    case 'no_recent_negative':
      return negative(p.hours, iso(p.lastNegativeAt), null, zh);
    case 'certificate_missing':
      return zh
        ? `缺少${labelOf(CERTIFICATE_LABELS, p.certificate, lang)}`
        : `Missing the ${labelOf(CERTIFICATE_LABELS, p.certificate, lang)}`;
    case 'no_pass_for_plate':
      return zh ? `车牌 ${p.plate} 没有有效通行证` : `No valid pass for plate ${p.plate}`;
    case 'person_unknown':
      return zh
        ? `${p.name ? `${p.name}：` : ''}查无此人（不在人口底数中，无法核查健康码和核酸）`
        : `${p.name ? `${p.name}: ` : ''}not in the population base (code and tests cannot be checked)`;
    case 'driver_code_colour':
      return zh
        ? `驾驶员${p.name ? `（${p.name}）` : ''}健康码为${labelOf(COLOUR_LABELS, p.colour, lang)}`
        : `Driver${p.name ? ` (${p.name})` : ''}: health code is ${labelOf(COLOUR_LABELS, p.colour, lang).toLowerCase()}`;
    case 'driver_no_recent_negative':
      return negative(p.hours, iso(p.lastNegativeAt), p.name, zh);
    default:
      return (p as { code: string }).code;
  }
}

function negative(hours: number, last: string | null, driver: string | null, zh: boolean): string {
  const who = driver ? (zh ? `驾驶员（${driver}）` : `Driver (${driver}): `) : '';
  if (zh) return `${who}无${hours}小时内核酸阴性证明${last ? `（最近一次 ${last}）` : ''}`;
  return `${who}no negative test within ${hours} h${last ? ` (last ${last})` : ''}`;
}

/** A reason code alone (the statistics and the usage log count codes). */
const CODE_WORDS: Record<string, { zh: string; en: string }> = {
  not_ours: { zh: '非本平台码', en: 'Not ours' },
  malformed: { zh: '二维码损坏', en: 'Damaged code' },
  unknown_key: { zh: '密钥未知', en: 'Unknown key' },
  bad_signature: { zh: '签名无效', en: 'Bad signature' },
  revoked: { zh: '已吊销', en: 'Revoked' },
  not_yet_valid: { zh: '尚未生效', en: 'Not yet valid' },
  expired: { zh: '已过期', en: 'Expired' },
  off_route: { zh: '不在路线上', en: 'Off route' },
  wrong_plate: { zh: '车牌不符', en: 'Wrong plate' },
  driver_not_named: { zh: '驾驶员不符', en: 'Driver not named' },
  code_expired: { zh: '健康码过期', en: 'Code expired' },
  crossing_not_allowed: { zh: '不允许通行方向', en: 'Crossing not allowed' },
  code_colour: { zh: '健康码非绿', en: 'Code colour' },
  no_recent_negative: { zh: '无有效核酸', en: 'No recent negative' },
  certificate_missing: { zh: '缺少证明', en: 'Missing certificate' },
  no_pass_for_plate: { zh: '车辆无通行证', en: 'No pass for plate' },
  person_unknown: { zh: '查无此人', en: 'Person unknown' },
  driver_code_colour: { zh: '驾驶员码非绿', en: 'Driver code colour' },
  driver_no_recent_negative: { zh: '驾驶员无有效核酸', en: 'Driver no negative' },
};

export function reasonCodeText(code: string, lang: Lang): string {
  return CODE_WORDS[code]?.[lang] ?? code;
}
