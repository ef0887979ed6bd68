// A small uPlot line chart of one rate over time. The plot is made once when the component
// mounts and then only fed new data with setData (never re-created), and resized with its box.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { compact } from './format.js';

const HEIGHT = 150;

function options(label, color, width) {
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: {
      // One point (the first snapshot) has no span: uPlot would widen it to ~1,000 days. Show the minute before it.
      x: {
        time: true,
        range: (u, min, max) => (u.data[0]?.length === 1 ? [u.data[0][0] - 60, u.data[0][0]] : [min, max]),
      },
      y: { range: (_u, _min, max) => [0, Math.max(1, (max ?? 0) * 1.15)] },
    },
    axes: [
      { stroke: '#4a5568', grid: { stroke: '#edf0f4', width: 1 }, ticks: { stroke: '#d5dbe3' } },
      {
        stroke: '#4a5568',
        size: 56,
        grid: { stroke: '#edf0f4', width: 1 },
        ticks: { stroke: '#d5dbe3' },
        values: (_u, values) => values.map(compact),
      },
    ],
    series: [{}, { label, stroke: color, width: 2, fill: `${color}1f`, points: { show: false } }],
  };
}

/** `data` is [times in s, values]; pass the same arrays to skip an update. */
export function RateChart({ data, label, color, testid }) {
  const box = useRef(null);
  const plot = useRef(null);

  useEffect(() => {
    const element = box.current;
    const chart = new uPlot(options(label, color, element.clientWidth || 320), data, element);
    plot.current = chart;
    let width = element.clientWidth;
    const observer = new ResizeObserver(() => {
      // A hidden tab has no width: keep the plot's size until it is shown again.
      if (element.clientWidth > 0 && element.clientWidth !== width) {
        width = element.clientWidth;
        chart.setSize({ width, height: HEIGHT });
      }
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return html`<div class="chart" data-testid=${testid} ref=${box}></div>`;
}
