/**
 * The words only the command's pages show, in zh and en with a tag colour: assist notices, exposure
 * files, and the clock states' chart colours. The shared vocabulary (classifications, clocks,
 * contact degrees and statuses) is the workbench's (../workbench/labels.ts), so a status reads the
 * same on every tracing page.
 */
import type { Localized } from '../../../app/i18n/i18n';
import type { AssistNotice, AssistStatus, Clock, ExposureImport } from '../api-types';
import type { Labelled } from '../workbench/labels';

export {
  CLASSIFICATION_LABELS,
  CLOCK_LABELS,
  CLOCK_STATE_LABELS,
  CONTACT_DEGREE_LABELS,
  CONTACT_STATUS_LABELS,
  colorOf,
  labelOf,
} from '../workbench/labels';

/** Chart colours of the clock states: in time green, late amber, overdue red, still running blue. */
export const CLOCK_STATE_COLORS: Record<Clock['state'], string> = {
  done: '#389e0d',
  late: '#f5a524',
  overdue: '#d4380d',
  pending: '#5b8fd9',
};
export const CLOCK_STATES: readonly Clock['state'][] = ['done', 'late', 'overdue', 'pending'];

export const ASSIST_STATUS_LABELS: Record<AssistStatus, Labelled> = {
  draft: { zh: '草稿', en: 'Draft', color: 'default' },
  sent: { zh: '已发出', en: 'Sent', color: 'blue' },
  received: { zh: '已接收', en: 'Received', color: 'gold' },
  accepted: { zh: '已受理', en: 'Accepted', color: 'processing' },
  replied: { zh: '已回函', en: 'Replied', color: 'cyan' },
  closed: { zh: '已办结', en: 'Closed', color: 'success' },
};

/**
 * The moves of a notice's lifecycle (as assist.service.ts allows them): we send our drafts and
 * record the other side's reply; we accept the other side's notices and answer them; either side
 * closes.
 */
export const ASSIST_NEXT: Record<
  AssistNotice['direction'],
  Partial<Record<AssistStatus, readonly AssistStatus[]>>
> = {
  outgoing: { draft: ['sent', 'closed'], sent: ['replied', 'closed'], replied: ['closed'] },
  incoming: { received: ['accepted', 'closed'], accepted: ['replied', 'closed'], replied: ['closed'] },
};

export const ASSIST_SUBJECT_LABELS: Record<AssistNotice['subject'], Labelled> = {
  case: { zh: '病例', en: 'Case', color: 'red' },
  close: { zh: '密接', en: 'Close contact', color: 'orange' },
  secondary: { zh: '次密接', en: 'Secondary contact', color: 'gold' },
  companion: { zh: '时空伴随', en: 'Space-time companion', color: 'purple' },
};

export const EXPOSURE_KIND_LABELS: Record<ExposureImport['kind'], Localized> = {
  venue: { zh: '场所码扫码', en: 'Venue-code scans' },
  ping: { zh: '位置网格', en: 'Location pings' },
};

export const IMPORT_STATUS_LABELS: Record<ExposureImport['status'], Labelled> = {
  running: { zh: '导入中', en: 'Running', color: 'processing' },
  done: { zh: '已完成', en: 'Done', color: 'success' },
  failed: { zh: '失败', en: 'Failed', color: 'error' },
};
