/** One ECharts chart that follows its box's size and is redrawn whole when its option changes. */
import { useEffect, useRef } from 'react';
import { PALETTE } from '../../../population/components/echarts';
import { echarts, type OpsChartOption } from './echarts';

export interface ClickParams {
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
}: {
  option: OpsChartOption;
  height?: number;
  /** Read by screen readers in place of the canvas. */
  label: string;
  testId?: string;
  /** A click on a data item (a bar, a point): ECharts' event parameters. */
  onClick?: (params: ClickParams) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  useEffect(() => {
    click.current = onClick;
  });

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => click.current?.(params as ClickParams));
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
