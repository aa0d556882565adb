/**
 * One ECharts chart that follows its box's size and is redrawn whole when its option changes.
 * `onClick` reports the clicked item's name; `onItem` the whole event (series, index, data). The
 * chart types it can draw are those registered by the caller's echarts module (./echarts.ts here,
 * tracing/ops/components/echarts.ts for the tracing views).
 */
import { useEffect, useRef } from 'react';
import { echarts, PALETTE } from './echarts';

/** A click on a data item (a bar, a point, a slice): ECharts' event parameters. */
export interface ClickParams {
  name?: string;
  seriesIndex?: number;
  dataIndex: number;
  data: unknown;
}

export function Chart({
  option,
  height = 240,
  label,
  testId,
  onClick,
  onItem,
}: {
  option: echarts.EChartsCoreOption;
  height?: number;
  /** Read by screen readers in place of the canvas. */
  label: string;
  testId?: string;
  onClick?: (name: string) => void;
  onItem?: (params: ClickParams) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const handlers = useRef({ onClick, onItem });
  useEffect(() => {
    handlers.current = { onClick, onItem };
  });

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      handlers.current.onClick?.(String(params.name));
      handlers.current.onItem?.(params);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ color: PALETTE, ...option }, { notMerge: true });
  }, [option]);

  return (
    <div ref={box} style={{ width: '100%', height }} role="img" aria-label={label} data-testid={testId} />
  );
}
