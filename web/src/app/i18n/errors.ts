/**
 * Every error code of the server's catalogue (server/platform/errors.ts) in zh and en, with the
 * details the server sends worked into the sentence. Unknown codes fall back to the server's
 * English message.
 */
import dayjs from 'dayjs';
import { PASSWORD_MIN_LENGTH, type Permission } from '../../../../domain/access.js';
import type { ApiError } from '../api';
import { interpolate, type Lang, type Localized } from './i18n';
import { levelLabel, roleLabel } from './labels';

const MESSAGES: Record<string, Localized> = {
  VALIDATION_FAILED: { zh: '输入有误：{fields}', en: 'Invalid input: {fields}' },
  MALFORMED_JSON: { zh: '请求格式错误。', en: 'The request was malformed.' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的请求格式。', en: 'Unsupported request format.' },
  PAYLOAD_TOO_LARGE: { zh: '提交的内容过大。', en: 'The submitted data is too large.' },
  AUTH_REQUIRED: { zh: '请先登录。', en: 'Please log in first.' },
  SESSION_EXPIRED: { zh: '登录已过期，请重新登录。', en: 'Your session has expired; please log in again.' },
  INVALID_CREDENTIALS: { zh: '用户名或密码错误。', en: 'Wrong username or password.' },
  ACCOUNT_DISABLED: {
    zh: '该账号已停用，请联系管理员。',
    en: 'This account is disabled; ask your administrator.',
  },
  DEMO_ACCOUNT_DISABLED: {
    zh: '演示账号只能在演示模式下登录。',
    en: 'Demo accounts can only log in while Cordon runs in demo mode.',
  },
  ACCOUNT_LOCKED: {
    zh: '登录失败次数过多，账号已锁定至 {until}，请约 {minutes} 分钟后再试。',
    en: 'Too many failed logins: the account is locked until {until} (try again in about {minutes} min).',
  },
  RATE_LIMITED: {
    zh: '此地址登录尝试过于频繁，请 {minutes} 分钟后再试。',
    en: 'Too many login attempts from this address; try again in {minutes} min.',
  },
  CSRF_REJECTED: {
    zh: '安全校验失败，请刷新页面后重试。',
    en: 'Security check failed; reload the page and try again.',
  },
  CROSS_ORIGIN: { zh: '拒绝来自其他站点的请求。', en: 'Requests from other sites are refused.' },
  PASSWORD_CHANGE_REQUIRED: {
    zh: '请先修改临时密码。',
    en: 'Change your temporary password first.',
  },
  FORBIDDEN: {
    zh: '您的角色无权执行此操作（需要“{permission}”权限）。',
    en: 'Your role does not allow this (it needs "{permission}").',
  },
  OUT_OF_SCOPE: {
    zh: '目标不在您的管辖范围内。',
    en: 'That is outside your jurisdiction.',
  },
  WRONG_PASSWORD: { zh: '当前密码不正确。', en: 'The current password is wrong.' },
  WEAK_PASSWORD: {
    zh: '新密码不符合要求：{problems}。',
    en: 'The new password is not acceptable: {problems}.',
  },
  NOT_FOUND: { zh: '{id} 不存在或已被删除。', en: '{id} does not exist or has been deleted.' },
  ROUTE_NOT_FOUND: { zh: '接口不存在。', en: 'No such endpoint.' },
  USERNAME_TAKEN: { zh: '用户名 {username} 已被使用。', en: 'The username {username} is already taken.' },
  ROLE_NOT_ALLOWED_AT_LEVEL: {
    zh: '“{role}”不能设在{level}一级。',
    en: 'The role "{role}" cannot be given at {level} level.',
  },
  ROLE_NOT_ASSIGNABLE: { zh: '您不能授予“{role}”角色。', en: 'You cannot give the role "{role}".' },
  CANNOT_CHANGE_SELF: {
    zh: '不能对自己的账号执行此操作。',
    en: 'You cannot do this to your own account.',
  },
  JURISDICTION_NOT_EMPTY: {
    zh: '该单元下还有 {children} 个下级单元，请先删除它们。',
    en: 'This unit still has {children} sub-unit(s); remove them first.',
  },
  JURISDICTION_READ_ONLY: {
    zh: '这是国家统计用区划，只读；只有网格和楼栋可以修改。',
    en: 'This is a national statistical division and is read-only; only grids and buildings can be changed.',
  },
  WRONG_PARENT_LEVEL: {
    zh: '只能建在{expected}之下，不能建在{actual}之下。',
    en: 'This must be created under a {expected}, not a {actual}.',
  },
  ROUND_NOT_ACTIVE: {
    zh: '该轮次不在进行中（{status}），不能采样。',
    en: 'This round is {status}; sampling needs an active round.',
  },
  OUTSIDE_ROUND: { zh: '{what} 不在本轮检测范围内。', en: '{what} is outside the areas of this round.' },
  TUBE_EXISTS: { zh: '试管 {barcode} 已被使用。', en: 'Tube {barcode} is already in use.' },
  TUBE_NOT_OPEN: {
    zh: '试管 {barcode} 已封管，不能再放入样本。',
    en: 'Tube {barcode} is closed; it takes no more samples.',
  },
  TUBE_FULL: {
    zh: '试管 {barcode} 已满（{capacity} 人），请换新管。',
    en: 'Tube {barcode} is full ({capacity}); open a new tube.',
  },
  TUBE_OTHER_HOUSEHOLD: {
    zh: '试管 {barcode} 为一户一管，此人不属于该户。',
    en: 'Tube {barcode} is one household’s tube; this person lives elsewhere.',
  },
  ALREADY_SAMPLED: {
    zh: '此人本轮已采样（试管 {barcode}），本次扫码已标记为重复，不重复计数。',
    en: 'Already sampled in this round (tube {barcode}); this scan is flagged and not counted.',
  },
  TUBE_WRONG_STATE: {
    zh: '试管 {barcode} 当前状态为 {status}，不能{action}。',
    en: 'Tube {barcode} is {status}: cannot {action}.',
  },
  BOX_WRONG_STATE: {
    zh: '转运箱 {code} 当前状态为 {status}，不能{action}。',
    en: 'Box {code} is {status}: cannot {action}.',
  },
  CODE_TAKEN: { zh: '编码 {code} 已被使用。', en: 'Code {code} is already in use.' },
  TUBES_NOT_READY: {
    zh: '以下试管无法处理：{barcodes}。',
    en: 'These tubes cannot be processed: {barcodes}.',
  },
  LAB_FILE_WRONG_SHAPE: {
    zh: '这不是检测结果文件：缺少“{missingList}”列；文件中的列为：{headerList}。',
    en: 'This is not a result file: no column for {missingList}; the headers found are: {headerList}.',
  },
  TASK_WRONG_STATE: {
    zh: '该任务当前状态为 {status}，不能{action}。',
    en: 'This task is {status}: cannot {action}.',
  },
  VERSION_CONFLICT: {
    zh: '该记录已被他人修改，请刷新后再试。',
    en: 'Someone else changed this record meanwhile; reload it and try again.',
  },
  CASE_EXISTS: {
    zh: '此人已有未结案的病例 {number}。',
    en: 'This person already has an open case {number}.',
  },
  CONTACT_WRONG_STATE: {
    zh: '该密接人员当前状态为 {from}，不能变更为 {to}。',
    en: 'This contact is {from}: cannot move to {to}.',
  },
  RELEASE_BLOCKED: {
    zh: '该人员尚不满足解除隔离条件；如确需解除，请填写原因。',
    en: 'This contact does not meet the release conditions yet; give a reason to release anyway.',
  },
  MARK_ENDED: { zh: '该健康码标记已结束。', en: 'This health-code mark has already ended.' },
  RECOMPUTE_AREA: {
    zh: '只能重算整个区县或全市（{code} 不是）。',
    en: 'Recompute a whole county or the city ({code} is neither).',
  },
  ZONE_EXISTS: {
    zh: '该地区已有同类的生效管控区，可声明其他类型以替换，或先解除。',
    en: 'This place already has an active zone of this kind; declare another kind to replace it, or lift it.',
  },
  ZONE_NOT_ACTIVE: { zh: '该管控区已结束，不能再变更。', en: 'This zone has ended; it cannot change.' },
  ZONE_LIFT_BLOCKED: {
    zh: '该管控区尚不满足解除条件；如确需解除，请填写原因。',
    en: 'This zone does not meet the lifting conditions yet; give a reason to lift anyway.',
  },
  PASS_WRONG_STATE: {
    zh: '通行证 {number} 当前状态为 {status}，不能执行此操作。',
    en: 'Pass {number} is {status}: cannot {action}.',
  },
  PASS_DUPLICATE: {
    zh: '车牌 {plate} 在重叠的有效期内已有同类通行证 {number}，请先撤回或注销。',
    en: 'Plate {plate} already has pass {number} of this type for an overlapping period; withdraw or revoke it first.',
  },
  PASS_OWN_APPLICATION: { zh: '不能审批本人提交的申请。', en: 'Nobody decides on their own application.' },
  PASS_APPROVAL_LEVEL: {
    zh: '此类通行证须由{level}级或以上审批。',
    en: 'A {type} pass is approved at {level} level or above.',
  },
  PASS_NOT_APPLICANT: {
    zh: '只有申请人可以撤回通行证 {number}。',
    en: 'Only the applicant can withdraw pass {number}.',
  },
  ATTACHMENT_TYPE: {
    zh: '附件须为 PDF、JPEG 或 PNG 文件（按文件内容判断，而非文件名）。',
    en: 'An attachment must be a PDF, JPEG or PNG file (checked by its content, not its name).',
  },
  ATTACHMENT_LIMIT: { zh: '每张通行证最多 {max} 个附件。', en: 'A pass holds at most {max} attachments.' },
  CHECKPOINT_INACTIVE: { zh: '卡口 {code} 已关闭。', en: 'Checkpoint {code} is closed.' },
  ASSIST_WRONG_STATE: {
    zh: '协查函 {number} 当前状态为 {from}，不能变更为 {to}。',
    en: 'Assist notice {number} is {from}: cannot move to {to}.',
  },
  INVALID_PEER_TOKEN: {
    zh: '协查对端令牌缺失、无效或已停用。',
    en: 'Missing, unknown or disabled assist peer token.',
  },
  UNKNOWN_CITY: { zh: '区划数据中没有该城市。', en: 'No such city in the division data.' },
  PERSON_EXISTS: {
    zh: '身份证号为 {idMasked} 的人员已经登记，请编辑该人员的信息。',
    en: 'A person with ID number {idMasked} is already registered; edit that record instead.',
  },
  EXPORT_TOO_LARGE: {
    zh: '一次最多导出 {max} 行，请缩小辖区范围或增加筛选条件。',
    en: 'An export holds at most {max} rows; choose a smaller area or add filters.',
  },
  IMPORT_EMPTY_FILE: { zh: '{what}', en: '{what}' },
  IMPORT_UNREADABLE_FILE: { zh: '无法读取文件：{hint}', en: 'Cannot read the file: {hintEn}' },
  IMPORT_BAD_ENCODING: {
    zh: '文件不是 UTF-8、GBK/GB18030 或 UTF-16 编码的文本，请另存为“CSV UTF-8”或 .xlsx 格式后再上传。',
    en: 'The file is not text in UTF-8, GBK/GB18030 or UTF-16; save it as CSV UTF-8 or as .xlsx and upload it again.',
  },
  IMPORT_WRONG_SHAPE: {
    zh: '这不是人员台账：没有“{missingList}”列。文件中的表头为：{headerList}',
    en: 'This is not a people ledger: it has no column for {missingList}. Its headers are: {headerList}',
  },
  IMPORT_WRONG_STATE: {
    zh: '该导入{status}，不能{action}。',
    en: 'This import is {status}; it cannot be {action}.',
  },
  SHUTTING_DOWN: { zh: '服务器正在重启，请稍后重试。', en: 'The server is restarting; retry shortly.' },
  INTERNAL: {
    zh: '服务器内部错误，请将请求编号告知管理员。',
    en: 'Something went wrong on our side; give the request id to your administrator.',
  },
  NETWORK: {
    zh: '无法连接服务器，请检查网络。',
    en: 'Cannot reach the server; check the network.',
  },
};

export const PASSWORD_PROBLEMS: Record<string, Localized> = {
  too_short: {
    zh: `至少 ${PASSWORD_MIN_LENGTH} 个字符`,
    en: `At least ${PASSWORD_MIN_LENGTH} characters`,
  },
  too_long: { zh: '不超过 128 个字符', en: 'At most 128 characters' },
  needs_letters_and_digits: { zh: '同时包含字母和数字', en: 'Both letters and digits' },
  contains_username: { zh: '不包含用户名', en: 'Does not contain the username' },
  same_as_current: { zh: '不能与当前密码相同', en: 'Differs from the current password' },
};

export const PERMISSION_LABELS: Record<Permission, Localized> = {
  'jurisdiction.read': { zh: '查看辖区', en: 'view jurisdictions' },
  'jurisdiction.manage': { zh: '管理网格楼栋', en: 'manage grids and buildings' },
  'user.read': { zh: '查看用户', en: 'view users' },
  'user.manage': { zh: '管理用户', en: 'manage users' },
  'audit.read': { zh: '查看审计日志', en: 'read the audit log' },
  'live.subscribe': { zh: '实时推送', en: 'live updates' },
  'population.read': { zh: '查看人口底数', en: 'view the population ledger' },
  'population.manage': { zh: '维护人口底数', en: 'maintain the population ledger' },
  'population.reveal': { zh: '查看完整身份信息', en: 'reveal full identifiers' },
  'population.export': { zh: '导出人口数据', en: 'export population lists' },
  'testing.read': { zh: '查看核酸检测', en: 'see mass testing' },
  'testing.plan': { zh: '组织核酸检测', en: 'plan mass testing' },
  'testing.sample': { zh: '采样', en: 'take samples' },
  'testing.lab': { zh: '录入检测结果', en: 'record lab results' },
  'testing.exempt': { zh: '登记免检人员', en: 'exempt people from a round' },
  'tracing.read': { zh: '查看流调溯源', en: 'see case investigations' },
  'tracing.investigate': { zh: '开展流调', en: 'investigate cases' },
  'tracing.report': { zh: '报告病例', en: 'report cases' },
  'tracing.assign': { zh: '分派流调任务', en: 'assign investigations' },
  'tracing.control': { zh: '管控密接人员', en: 'bring contacts under control' },
  'tracing.ingest': { zh: '导入大数据', en: 'load big-data exposure files' },
  'risk.read': { zh: '查看封控管控', en: 'see zones, checkpoints and passes' },
  'risk.zones': { zh: '划定和解除管控区域', en: 'declare and lift zones' },
  'risk.checkpoints': { zh: '管理卡口', en: 'manage checkpoints' },
  'risk.verify': { zh: '卡口核验', en: 'check at a checkpoint' },
  'pass.apply': { zh: '申请通行证', en: 'apply for passes' },
  'pass.approve': { zh: '审批通行证', en: 'approve passes' },
  'healthcode.read': { zh: '查询健康码', en: 'look up health codes' },
  'healthcode.manage': { zh: '管理健康码赋码', en: 'manage health-code marks' },
};

const IMPORT_STATES: Record<string, Localized> = {
  uploaded: { zh: '尚未开始', en: 'not started' },
  running: { zh: '正在进行', en: 'running' },
  done: { zh: '已完成', en: 'finished' },
  failed: { zh: '已失败', en: 'failed' },
  interrupted: { zh: '已中断', en: 'interrupted' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};

const IMPORT_ACTIONS: Record<string, Localized> = {
  started: { zh: '开始', en: 'started' },
  resumed: { zh: '继续', en: 'resumed' },
  cancelled: { zh: '取消', en: 'cancelled' },
};

function str(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function vars(error: ApiError, lang: Lang): Record<string, string | number> {
  const d = error.details ?? {};
  const sep = lang === 'zh' ? '；' : '; ';
  switch (error.code) {
    case 'ACCOUNT_LOCKED':
      return {
        until: dayjs(str(d.retryAt)).format('YYYY-MM-DD HH:mm'),
        minutes: Math.max(1, Math.ceil(Number(d.retryAfterSeconds ?? 60) / 60)),
      };
    case 'RATE_LIMITED':
      return { minutes: Math.max(1, Math.ceil(Number(d.retryAfterSeconds ?? 60) / 60)) };
    case 'FORBIDDEN': {
      const label = PERMISSION_LABELS[str(d.permission) as Permission] as Localized | undefined;
      return { permission: label?.[lang] ?? str(d.permission) };
    }
    case 'WEAK_PASSWORD': {
      const problems = Array.isArray(d.problems) ? d.problems.map(str) : [];
      return { problems: problems.map((p) => PASSWORD_PROBLEMS[p]?.[lang] ?? p).join(sep) };
    }
    case 'VALIDATION_FAILED': {
      const fields = Array.isArray(d.fields)
        ? (d.fields as Array<{ field?: unknown; message?: unknown }>)
        : [];
      return { fields: fields.map((f) => `${str(f.field)} (${str(f.message)})`).join(sep) };
    }
    case 'ROLE_NOT_ALLOWED_AT_LEVEL':
      return { role: roleLabel(str(d.role), lang), level: levelLabel(str(d.level), lang) };
    case 'ROLE_NOT_ASSIGNABLE':
      return { role: roleLabel(str(d.role), lang) };
    case 'IMPORT_EMPTY_FILE':
      return {
        what:
          d.reason === 'no_bytes'
            ? { zh: '文件是空的。', en: 'The file is empty.' }[lang]
            : { zh: '文件只有表头，没有数据行。', en: 'The file has a header row but no data rows.' }[lang],
      };
    case 'IMPORT_WRONG_STATE':
      return {
        status: IMPORT_STATES[str(d.status)]?.[lang] ?? str(d.status),
        action: IMPORT_ACTIONS[str(d.action)]?.[lang] ?? str(d.action),
      };
    case 'WRONG_PARENT_LEVEL':
      return { expected: levelLabel(str(d.expected), lang), actual: levelLabel(str(d.actual), lang) };
    default:
      return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, str(v)]));
  }
}

/** The sentence to show for an API error, in the user's language. */
export function errorMessage(error: ApiError, lang: Lang): string {
  const template = MESSAGES[error.code]?.[lang];
  if (!template) return error.message;
  return interpolate(template, vars(error, lang));
}
