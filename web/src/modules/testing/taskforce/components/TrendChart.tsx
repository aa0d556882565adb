/** One bar or line chart that follows its box's size (population's Chart draws no lines). */
import { useEffect, useRef } from 'react';
import { PALETTE } from '../../../population/components/echarts';
import { echarts, type TrendOption } from './echarts';

export function TrendChart({
  option,
  height = 240,
  label,
  testId,
}: {
  option: TrendOption;
  height?: number;
  label: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
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
