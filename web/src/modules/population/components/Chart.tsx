/** One ECharts chart that follows its box's size; `onClick` reports the clicked item's name. */
import { useEffect, useRef } from 'react';
import { type ChartOption, echarts, PALETTE } from './echarts';

export function Chart({
  option,
  height = 240,
  label,
  testId,
  onClick,
}: {
  option: ChartOption;
  height?: number;
  label: string;
  testId?: string;
  onClick?: (name: string) => void;
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
    instance.on('click', (params) => click.current?.(String(params.name)));
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
