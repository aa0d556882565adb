/** Tags of the tracing vocabulary, the same on every page of the workbench. */
import { Tag, Tooltip } from 'antd';
import type {
  CallOutcome,
  CaseClassification,
  ContactDegree,
  ContactStatus,
  FoundIn,
} from '../../../../../../domain/tracing.js';
import { useLang } from '../../../../app/i18n/i18n';
import {
  CALL_OUTCOME_LABELS,
  CLASSIFICATION_LABELS,
  CLASSIFICATION_SHORT,
  colorOf,
  CONTACT_DEGREE_LABELS,
  CONTACT_STATUS_LABELS,
  FOUND_IN_LABELS,
  labelOf,
  UNDER_CONTROL_LABELS,
} from '../labels';

export function ClassificationTag({ value, short }: { value: CaseClassification; short?: boolean }) {
  const { lang } = useLang();
  const text = short
    ? labelOf(CLASSIFICATION_SHORT, value, lang)
    : labelOf(CLASSIFICATION_LABELS, value, lang);
  return (
    <Tag color={colorOf(CLASSIFICATION_LABELS, value)} data-testid="classification-tag">
      {text}
    </Tag>
  );
}

/**
 * 社会面 vs 管控中 first (what the briefings count), the kind of control in the tooltip and, when
 * not short, beside it.
 */
export function FoundInTag({ value, short }: { value: FoundIn; short?: boolean }) {
  const { lang } = useLang();
  const community = value === 'community';
  const half = UNDER_CONTROL_LABELS[community ? 'community' : 'underControl'][lang];
  const detail = labelOf(FOUND_IN_LABELS, value, lang);
  return (
    <Tooltip title={detail}>
      <Tag
        color={community ? 'volcano' : 'geekblue'}
        className={community ? 'tracing-community' : undefined}
        data-testid="found-in-tag"
        data-found-in={value}
      >
        {half}
        {!short && !community && detail !== half ? ` · ${detail}` : ''}
      </Tag>
    </Tooltip>
  );
}

export function DegreeTag({ value }: { value: ContactDegree }) {
  const { lang } = useLang();
  return (
    <Tag color={colorOf(CONTACT_DEGREE_LABELS, value)} data-testid="degree-tag">
      {labelOf(CONTACT_DEGREE_LABELS, value, lang)}
    </Tag>
  );
}

export function ContactStatusTag({ value }: { value: ContactStatus }) {
  const { lang } = useLang();
  return (
    <Tag color={colorOf(CONTACT_STATUS_LABELS, value)} data-testid="contact-status" data-status={value}>
      {labelOf(CONTACT_STATUS_LABELS, value, lang)}
    </Tag>
  );
}

export function CallOutcomeTag({ value }: { value: CallOutcome }) {
  const { lang } = useLang();
  return <Tag color={colorOf(CALL_OUTCOME_LABELS, value)}>{labelOf(CALL_OUTCOME_LABELS, value, lang)}</Tag>;
}
