/**
 * The printable assist notice (协查函): one self-contained zh-CN HTML page, the way offices fax
 * them — number and date, the person (identifiers masked: the paper leaves our audit trail), what
 * we ask, what we know (exposures, the case and its itinerary, the quarantine we would apply), the
 * reply. Everything that came from a user or a peer is escaped; no scripts (the CSP forbids them
 * anyway), inline styles only.
 */
import type { Static } from 'typebox';
import type { AssistNotice } from './assist.schema.js';

type Notice = Static<typeof AssistNotice>;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : value == null ? '' : JSON.stringify(value);
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const SUBJECT: Record<Notice['subject'], string> = {
  case: '病例',
  close: '密切接触者',
  secondary: '次密切接触者',
  companion: '时空伴随者',
};

const STATUS: Record<Notice['status'], string> = {
  draft: '草稿',
  sent: '已发出',
  received: '已接收',
  accepted: '已受理',
  replied: '已回复',
  closed: '已办结',
};

const EXPOSURE: Record<string, string> = {
  household: '同住/家庭',
  work: '同事/工作',
  meal: '共同就餐',
  vehicle: '同乘交通工具',
  school: '同学/学校',
  medical: '诊疗',
  venue: '同一场所',
  companion: '时空伴随',
  other: '其他',
};

const CLASSIFICATION: Record<string, string> = { confirmed: '确诊病例', asymptomatic: '无症状感染者' };

/** "2022-03-15 14:30" in China Standard Time; anything that is not a time is shown as given. */
function cst(value: unknown): string {
  const at = typeof value === 'string' || value instanceof Date ? new Date(value) : null;
  if (!at || Number.isNaN(at.getTime())) return escapeHtml(value);
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The Chinese word for a known code, else the value itself (escaped). */
function label(words: Record<string, string>, value: unknown): string {
  return typeof value === 'string' && words[value] ? words[value] : escapeHtml(value);
}

/** Two ideographic spaces, as official letters separate their header fields. */
const GAP = '\u3000\u3000';

const row = (label: string, value: string) => `<tr><th>${label}</th><td>${value}</td></tr>`;

function table(headers: string[], rows: string[][]): string {
  const head = headers.map((h) => `<th>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<table class="grid"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const records = (value: unknown): Array<Record<string, unknown>> =>
  Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null)
    : [];

/** What we know, section by section; keys we do not lay out are listed as they are. */
function knowledge(content: Record<string, unknown>): string {
  const parts: string[] = [];
  const shown = new Set(['request', 'address', 'degree']);
  if (content.lastExposureAt !== undefined) {
    shown.add('lastExposureAt');
    parts.push(`<p>末次接触时间：${cst(content.lastExposureAt)}</p>`);
  }
  const exposures = records(content.exposures);
  if (exposures.length > 0) {
    shown.add('exposures');
    parts.push(
      '<h3>接触情况</h3>' +
        table(
          ['关联病例/密接', '接触方式', '关系', '末次接触时间'],
          exposures.map((e) => [
            e.caseNumber ? escapeHtml(e.caseNumber) : e.via ? `密接 ${escapeHtml(e.via)}` : '',
            label(EXPOSURE, e.exposureType),
            escapeHtml(e.relationship),
            cst(e.lastExposureAt),
          ]),
        ),
    );
  }
  if (typeof content.case === 'object' && content.case !== null) {
    shown.add('case');
    const c = content.case as Record<string, unknown>;
    parts.push(
      '<h3>病例情况</h3><table class="facts">' +
        (c.number ? row('病例编号', escapeHtml(c.number)) : '') +
        (c.classification ? row('分类', label(CLASSIFICATION, c.classification)) : '') +
        (c.onsetDate ? row('发病日期', escapeHtml(c.onsetDate)) : '') +
        (c.sampledDate ? row('采样日期', escapeHtml(c.sampledDate)) : '') +
        (c.reportedAt ? row('报告时间', cst(c.reportedAt)) : '') +
        (c.lineage ? row('毒株', escapeHtml(c.lineage)) : '') +
        '</table>',
    );
  }
  const itinerary = records(content.itinerary);
  if (itinerary.length > 0) {
    shown.add('itinerary');
    parts.push(
      '<h3>活动轨迹</h3>' +
        table(
          ['起', '止', '地点', '活动'],
          itinerary.map((e) => [cst(e.fromAt), cst(e.toAt), escapeHtml(e.place), escapeHtml(e.activity)]),
        ),
    );
  }
  if (typeof content.plan === 'object' && content.plan !== null) {
    shown.add('plan');
    const plan = content.plan as Record<string, unknown>;
    const tests = records(plan.tests)
      .map((t) => `${escapeHtml(t.date)}${Number(t.samples) > 1 ? `（${escapeHtml(t.samples)}次采样）` : ''}`)
      .join('、');
    parts.push(
      '<h3>管控建议</h3><table class="facts">' +
        row('方式', plan.setting === 'home' ? '居家隔离' : '集中隔离') +
        row('隔离期', `${escapeHtml(plan.from)} 至 ${escapeHtml(plan.until)}`) +
        (plan.monitorUntil !== plan.until ? row('居家健康监测至', escapeHtml(plan.monitorUntil)) : '') +
        (tests ? row('核酸检测', tests) : '') +
        '</table>',
    );
  }
  const rest = Object.entries(content).filter(([key]) => !shown.has(key));
  if (rest.length > 0) {
    parts.push(
      '<h3>其他</h3><table class="facts">' +
        rest.map(([key, value]) => row(escapeHtml(key), escapeHtml(value))).join('') +
        '</table>',
    );
  }
  return parts.join('\n') || '<p>（无）</p>';
}

const STYLE = `
body { font-family: "SimSun", "Songti SC", serif; margin: 2cm auto; max-width: 18cm; color: #000; }
h1 { text-align: center; font-size: 26pt; letter-spacing: 0.5em; margin-bottom: 0.2em; }
.no { text-align: center; margin-top: 0; }
h2 { font-size: 14pt; margin-top: 1.4em; }
h3 { font-size: 12pt; margin: 1em 0 0.3em; }
table { border-collapse: collapse; width: 100%; }
.facts th { width: 8em; text-align: left; font-weight: normal; vertical-align: top; padding: 2px 0; }
.grid th, .grid td { border: 1px solid #000; padding: 3px 6px; text-align: left; }
.sign { text-align: right; margin-top: 3em; line-height: 2; }
.note { font-size: 9pt; color: #444; margin-top: 2em; border-top: 1px solid #999; padding-top: 0.5em; }
@media print { body { margin: 0 auto; } }`;

/** The notice as a printable document; `office` is the name of the jurisdiction that keeps it. */
export function renderNotice(notice: Notice, office: string): string {
  const content = notice.content;
  const incoming = notice.direction === 'incoming';
  const addressee = incoming ? escapeHtml(office) : escapeHtml(notice.peer);
  const person = [
    row('姓名', escapeHtml(notice.name)),
    row('身份证号', notice.idMasked ? escapeHtml(notice.idMasked) : '（未提供）'),
    row('联系电话', notice.phoneMasked ? escapeHtml(notice.phoneMasked) : '（未提供）'),
    row('人员类别', SUBJECT[notice.subject]),
    ...(typeof content.address === 'string' ? [row('住址/现住址', escapeHtml(content.address))] : []),
    ...(notice.case ? [row('关联病例', escapeHtml(notice.case.number))] : []),
  ].join('');
  const request =
    typeof content.request === 'string' ? escapeHtml(content.request) : '请协助核查并落实相关管控措施。';
  const date = cst(notice.createdAt).slice(0, 10);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>协查函 ${escapeHtml(notice.number)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>协查函</h1>
<p class="no">编号：${escapeHtml(notice.number)}${GAP}日期：${date}${GAP}状态：${STATUS[notice.status]}</p>
<p>${addressee}：</p>
<p>${incoming ? `收到${escapeHtml(notice.peer)}发来的协查请求，内容如下。` : '经流行病学调查，发现以下人员涉及贵辖区，现函请协助核查。'}</p>
<h2>一、人员信息</h2>
<table class="facts">${person}</table>
<h2>二、协查事项</h2>
<p>${request}</p>
<h2>三、已掌握情况</h2>
${knowledge(content)}
${notice.reply ? `<h2>四、回复</h2><p>${escapeHtml(notice.reply)}</p>` : ''}
<p class="sign">${incoming ? `来函单位：${escapeHtml(notice.peer)}` : `${escapeHtml(office)}疫情防控流调组`}<br>${date}</p>
<p class="note">说明：本函中身份证号、电话号码均已脱敏显示；完整信息请通过授权渠道核实。</p>
</body>
</html>
`;
}
