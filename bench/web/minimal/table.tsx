/**
 * The floor for the KPI list: the same page read as the list page, as a plain table, and a
 * button that reads the last page the same way.
 */
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { getJson, param } from './session.ts';

interface Page {
  items: { id: string; name: string; description: string; dateUpdated: string }[];
  totalCount: number;
}

function Table({ first }: { first: Page }) {
  const [page, setPage] = useState({ data: first, last: false });
  return (
    <main data-page={page.last ? 'last' : 'first'}>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Description</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {page.data.items.map((kpi) => (
            <tr key={kpi.id}>
              <td>{kpi.name}</td>
              <td>{kpi.description}</td>
              <td>{kpi.dateUpdated}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{page.data.totalCount} KPIs</p>
      <button
        type="button"
        onClick={() =>
          void getJson<Page>(param('last')).then((data) => setPage({ data, last: true }))
        }
      >
        Last page
      </button>
    </main>
  );
}

void getJson<Page>(param('list')).then((first) => {
  createRoot(document.getElementById('root')!).render(<Table first={first} />);
});
