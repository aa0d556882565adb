/** The answer to the last scan, big enough to read at arm's length, in the colour of what to do next. */
import { Alert } from 'antd';
import { ApiError } from '../../../../app/api';
import { errorMessage } from '../../../../app/i18n/errors';
import type { Lang, Translate } from '../../../../app/i18n/i18n';
import type { samplerMessages } from './sampler.messages';

export interface Feedback {
  type: 'success' | 'warning' | 'error';
  title: string;
  description?: string;
}

type SamplerKey = keyof (typeof samplerMessages)['zh'];

export function feedbackOf(error: unknown, t: Translate<SamplerKey>, lang: Lang): Feedback {
  if (!(error instanceof ApiError)) return { type: 'error', title: String(error) };
  const text = errorMessage(error, lang);
  switch (error.code) {
    case 'ALREADY_SAMPLED':
      return { type: 'warning', title: t('scan.flagged'), description: text };
    case 'TUBE_FULL':
    case 'TUBE_NOT_OPEN':
      return { type: 'error', title: text, description: t('scan.fullNext') };
    default:
      return { type: 'error', title: text };
  }
}

export function ScanFeedback({ feedback }: { feedback: Feedback | null }) {
  if (!feedback) return null;
  return (
    <Alert
      className="field-feedback"
      type={feedback.type}
      showIcon
      title={feedback.title}
      description={feedback.description}
      data-testid="scan-feedback"
      data-type={feedback.type}
    />
  );
}
