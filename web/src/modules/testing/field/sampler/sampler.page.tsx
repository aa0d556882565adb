/**
 * 采样登记, made for a phone at the sampling table: pick the round and site once, open a tube by its
 * barcode, scan residents into it until it is full or closed, then the next tube; 装箱送检 ships the
 * closed tubes to a lab.
 */
import { Empty, Segmented } from 'antd';
import { useState } from 'react';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../../app/states';
import { PageHead } from '../../../../components/PageHead';
import { fieldMessages } from '../field.messages';
import { useActiveRounds, useSites, useStored } from '../use-field-data';
import { BoxStep } from './BoxStep';
import { OpenTube } from './OpenTube';
import { samplerMessages } from './sampler.messages';
import { SessionPicker } from './SessionPicker';
import { TubePanel } from './TubePanel';
import '../field.css';

interface SamplerSession {
  roundId: string | null;
  siteId: string | null;
  tubeId: string | null;
}

const EMPTY: SamplerSession = { roundId: null, siteId: null, tubeId: null };

export default function SamplerPage() {
  const t = useT(samplerMessages);
  const tf = useT(fieldMessages);
  const [mode, setMode] = useState<'sample' | 'box'>('sample');
  const [session, setSession] = useStored<SamplerSession>('sampler', EMPTY);
  const rounds = useActiveRounds();
  const sites = useSites();

  if (rounds.error) return <ErrorState error={rounds.error} onRetry={rounds.reload} />;
  if (!rounds.data) return <PageLoading />;
  const round = rounds.data.items.find((r) => r.id === session.roundId);

  return (
    <div className="field-phone field-stack" data-testid="sampler-page">
      <PageHead title={t('page.title')} />
      <Segmented<'sample' | 'box'>
        block
        size="large"
        value={mode}
        onChange={setMode}
        options={[
          { value: 'sample', label: t('mode.sample') },
          { value: 'box', label: t('mode.box') },
        ]}
        data-testid="sampler-mode"
      />
      <SessionPicker
        rounds={rounds.data.items}
        sites={sites.data?.items ?? []}
        roundId={round ? round.id : null}
        siteId={session.siteId}
        onChange={(next) =>
          setSession({ ...next, tubeId: next.roundId === session.roundId ? session.tubeId : null })
        }
      />
      {!round ? (
        rounds.data.items.length > 0 && <Empty description={tf('round.pick')} />
      ) : mode === 'box' ? (
        <BoxStep round={round} />
      ) : session.tubeId ? (
        <TubePanel
          key={session.tubeId}
          tubeId={session.tubeId}
          onNext={() => setSession({ ...session, tubeId: null })}
        />
      ) : (
        <OpenTube
          round={round}
          siteId={session.siteId}
          onOpened={(tube) => setSession({ ...session, tubeId: tube.id })}
        />
      )}
    </div>
  );
}
