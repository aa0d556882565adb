import { Tooltip } from 'antd';

/**
 * An identifier as the page may show it: masked by default; the clear value only while a reveal
 * lasts, marked so that nobody mistakes it for the usual display.
 */
export function Masked({
  masked,
  revealed,
  revealedTitle,
  testId,
}: {
  masked: string | null | undefined;
  revealed?: string | null | undefined;
  revealedTitle?: string;
  testId?: string;
}) {
  if (revealed) {
    return (
      <Tooltip title={revealedTitle}>
        <span className="revealed" data-testid={testId} data-revealed="true">
          {revealed}
        </span>
      </Tooltip>
    );
  }
  if (!masked) return <span data-testid={testId}>—</span>;
  return (
    <span className="masked" data-testid={testId}>
      {masked}
    </span>
  );
}
