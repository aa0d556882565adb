/**
 * A person as the workbench shows them: the name and the masked ID number. The clear value is
 * never here: it is on the person's page in the population base, after a reveal with a reason
 * (audited), which the name links to for users who may read the base.
 */
import { Typography } from 'antd';
import { Link } from 'react-router';
import { Permission } from '../../../../../../domain/access.js';
import { useAuth } from '../../../../app/auth/auth.context';
import { useT } from '../../../../app/i18n/i18n';
import { Masked } from '../../../population/components/Masked';
import { workbenchMessages } from '../workbench.messages';

export function PersonName({
  name,
  idMasked,
  phoneMasked,
  personId,
  to,
  block,
}: {
  name: string;
  idMasked: string | null;
  phoneMasked?: string | null;
  personId?: string | null;
  /** Where the name links to (a case); otherwise the person's record when there is one. */
  to?: string;
  /** The identifiers under the name rather than beside it (tables on a phone). */
  block?: boolean;
}) {
  const t = useT(workbenchMessages);
  const { can } = useAuth();
  const target = to ?? (personId && can(Permission.PopulationRead) ? `/population/people/${personId}` : null);
  const label = target ? (
    <Link to={target} title={to ? undefined : t('person.open')} data-testid="person-name">
      {name}
    </Link>
  ) : (
    <span data-testid="person-name">{name}</span>
  );
  return (
    <span className={block ? 'tracing-person tracing-person-block' : 'tracing-person'}>
      {label}
      {/* No ID number known: the phone (when there is one) says enough. */}
      {idMasked !== undefined && (idMasked !== null || !phoneMasked) && (
        <Typography.Text type="secondary">
          <Masked masked={idMasked} testId="id-masked" />
        </Typography.Text>
      )}
      {phoneMasked && (
        <Typography.Text type="secondary">
          <Masked masked={phoneMasked} />
        </Typography.Text>
      )}
    </span>
  );
}
