/**
 * A chain along time: each case at its report time, each contact at their last exposure, in three
 * lanes (cases, close, secondary) on one time axis with a zoom slider. A case's point opens it.
 */
import { Empty } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useT } from '../../../../app/i18n/i18n';
import type { ChainGraph, ChainNode } from '../../api-types';
import { Chart, type ClickParams } from '../components/Chart';
import type { OpsChartOption } from '../components/echarts';
import { chainsMessages } from './chains.messages';

type Lane = 'cases' | 'close' | 'secondary';
const LANES: Lane[] = ['cases', 'close', 'secondary'];

function laneOf(node: ChainNode): Lane | null {
  if (node.kind === 'case') return 'cases';
  if (node.kind === 'contact') return node.tag === 'secondary' ? 'secondary' : 'close';
  return null;
}

/** The network's colours (workbench ChainView), the secondary's yellow darkened to show on white. */
const COLORS: Record<Lane, string> = { cases: '#cf1322', close: '#fa8c16', secondary: '#d4b106' };

export function ChainTimeline({ graph, onOpen }: { graph: ChainGraph; onOpen: (node: ChainNode) => void }) {
  const t = useT(chainsMessages);
  const byLane = useMemo(() => {
    const lanes: Record<Lane, ChainNode[]> = { cases: [], close: [], secondary: [] };
    for (const node of graph.nodes) {
      const lane = laneOf(node);
      if (lane && node.at) lanes[lane].push(node);
    }
    return lanes;
  }, [graph]);

  const option = useMemo((): OpsChartOption => {
    const names = LANES.map((lane) => t(`timeline.${lane}`));
    return {
      grid: { left: 8, right: 24, top: 16, bottom: 56, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          const item = p as unknown as { data: { value: [number, number]; name: string } };
          return `${item.data.name}<br/>${dayjs(item.data.value[0]).format('YYYY-MM-DD HH:mm')}`;
        },
      },
      xAxis: {
        type: 'time',
        axisLabel: {
          hideOverlap: true,
          formatter: {
            year: '{yyyy}',
            month: '{MM}-{dd}',
            day: '{MM}-{dd}',
            hour: '{HH}:{mm}',
            minute: '{HH}:{mm}',
          },
        },
      },
      yAxis: { type: 'category', data: names, inverse: true, axisTick: { show: false } },
      dataZoom: [
        { type: 'slider', xAxisIndex: 0, height: 18, bottom: 8 },
        { type: 'inside', xAxisIndex: 0 },
      ],
      series: LANES.map((lane, index) => ({
        type: 'scatter' as const,
        name: names[index],
        symbol: lane === 'cases' ? 'circle' : 'diamond',
        symbolSize: lane === 'cases' ? 14 : lane === 'close' ? 10 : 8,
        itemStyle: { color: COLORS[lane], opacity: 0.85 },
        // A little vertical jitter keeps same-day points from hiding each other.
        data: byLane[lane].map((n, i) => ({
          name: n.label,
          id: n.id,
          value: [Date.parse(n.at!), index + ((i % 5) - 2) * 0.08],
        })),
      })),
    };
  }, [byLane, t]);

  const total = LANES.reduce((sum, lane) => sum + byLane[lane].length, 0);
  if (total === 0) return <Empty description={t('timeline.empty')} />;
  const click = (params: ClickParams) => {
    const id = (params.data as { id?: string } | undefined)?.id;
    const node = id ? graph.nodes.find((n) => n.id === id) : undefined;
    if (node) onOpen(node);
  };
  return (
    <Chart
      option={option}
      height={240}
      label={t('cluster.timeline')}
      onItem={click}
      testId="chain-timeline"
    />
  );
}
