/**
 * County outlines coloured by a value (ECharts map series). The GeoJSON comes from the server
 * (GET /api/jurisdictions/:code/map) and is registered under a name that says which outlines it
 * holds; clicking a county reports its 12-digit code.
 */
import { useEffect, useRef } from 'react';
import type { CountyMapData } from '../../app/api-types';
import { echarts, type MapOption } from './echarts';

export interface CountyMapProps {
  geojson: NonNullable<CountyMapData['geojson']>;
  values: CountyMapData['values'];
  seriesName: string;
  height?: number;
  onSelect?: (code: string) => void;
  /** Tooltip text under the value. */
  hint?: string;
}

type GeoInput = Parameters<typeof echarts.registerMap>[1];

function registerOutlines(geojson: CountyMapProps['geojson']): string {
  const ids = geojson.features.map((f) => String(f.id)).sort();
  const name = `counties:${ids.join(',')}`;
  if (!echarts.getMap(name)) {
    // The outlines carry a `cp` label point that sits off-centre for several counties; without it
    // ECharts places each label at the centre of the county's largest polygon.
    const features = geojson.features.map((f) => {
      const { cp: _cp, ...properties } = f.properties ?? {};
      return { ...f, properties };
    });
    echarts.registerMap(name, { ...geojson, features } as unknown as GeoInput);
  }
  return name;
}

export function CountyMap({ geojson, values, seriesName, height = 420, onSelect, hint }: CountyMapProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const select = useRef(onSelect);
  useEffect(() => {
    select.current = onSelect;
  });

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      const code = (params.data as { code?: string } | undefined)?.code;
      if (code) select.current?.(code);
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
    const instance = chart.current;
    if (!instance) return;
    const map = registerOutlines(geojson);
    const byCounty = new Map(values.map((v) => [v.code.slice(0, 6), v]));
    const data = geojson.features.map((feature) => {
      const value = byCounty.get(String(feature.id));
      return {
        name: feature.properties?.name ?? String(feature.id),
        value: value?.value ?? 0,
        code: value?.code,
      };
    });
    const max = Math.max(1, ...data.map((d) => d.value));
    // One county has nothing to compare with: a plain fill instead of a one-value colour scale.
    const single = data.length <= 1;
    const option: MapOption = {
      tooltip: {
        trigger: 'item',
        formatter: (params) => {
          const p = params as { name: string; value?: number };
          const value =
            typeof p.value === 'number' && !Number.isNaN(p.value) ? p.value.toLocaleString() : '—';
          const html = echarts.format.encodeHTML;
          const note = hint ? `<br/><small>${html(hint)}</small>` : '';
          return `<strong>${html(p.name)}</strong><br/>${html(seriesName)}: ${value}${note}`;
        },
      },
      visualMap: {
        show: !single,
        type: 'continuous',
        min: 0,
        max,
        left: 12,
        bottom: 12,
        calculable: true,
        itemHeight: 100,
        inRange: { color: single ? ['#5b8fd9', '#5b8fd9'] : ['#e6f0ff', '#7fb0f5', '#1a56b8', '#0b2f6b'] },
        textStyle: { color: '#595959' },
      },
      series: [
        {
          type: 'map',
          name: seriesName,
          map,
          roam: false,
          selectedMode: false,
          layoutCenter: ['50%', '50%'],
          layoutSize: '92%',
          // Dark text with a white halo reads on the lightest and the darkest fill alike.
          label: { show: true, fontSize: 12, color: '#1f1f1f', textBorderColor: '#fff', textBorderWidth: 2 },
          itemStyle: { borderColor: '#ffffff', borderWidth: 1.2, areaColor: '#e6f0ff' },
          emphasis: {
            label: { show: true, color: '#000', fontWeight: 'bold' },
            itemStyle: { areaColor: '#f5a524' },
          },
          data,
        },
      ],
    };
    instance.setOption(option, { notMerge: true });
  }, [geojson, values, seriesName, hint]);

  return (
    <div
      ref={box}
      style={{ width: '100%', height }}
      data-testid="county-map"
      role="img"
      aria-label={seriesName}
    />
  );
}
