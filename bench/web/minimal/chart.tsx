/**
 * The floor for the KPI chart: the same grouped read as the KPI page, downsampled the same way,
 * drawn as one recharts line and nothing else.
 */
import { createRoot } from 'react-dom/client';
import { Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { MAX_PLOTTED_VALUES } from '../../../src/web/features/kpis/chart-model.ts';
import { lttb } from '../../../src/web/lib/lttb.ts';
import { getJson, param } from './session.ts';

interface Point {
  t: number;
  value: number;
}

type Groups = Record<string, { start: string; value: number }[]>;

function Chart({ points }: { points: Point[] }) {
  return (
    <div style={{ width: '100%', height: 320 }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points}>
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} />
          <YAxis domain={['auto', 'auto']} />
          <Line
            type="monotone"
            dataKey="value"
            stroke="#2563eb"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

const root = createRoot(document.getElementById('root')!);
void getJson<Groups>(param('read')).then((groups) => {
  const rows = groups[param('kpi')] ?? [];
  const points = rows
    .map((g) => ({ t: Date.parse(g.start), value: g.value }))
    .sort((a, b) => a.t - b.t);
  const plotted =
    points.length > MAX_PLOTTED_VALUES
      ? lttb(
          points,
          MAX_PLOTTED_VALUES,
          (p) => p.t,
          (p) => p.value,
        )
      : points;
  root.render(<Chart points={plotted} />);
});
