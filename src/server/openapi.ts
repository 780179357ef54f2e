import type { Api } from './http.ts';

type OpenApiDocument = ReturnType<Api['getOpenAPI31Document']>;

/**
 * The account header: read once by the authentication middleware rather than validated per
 * route, and documented on every operation here.
 */
const ACCOUNT_HEADER = {
  name: 'gtmhub-accountId',
  in: 'header' as const,
  required: false,
  description: 'The account; may be left out when the user belongs to one account only',
  schema: {
    type: 'string' as const,
    pattern: '^[0-9a-f]{24}$',
    example: '5be26318e5274a0007f17f61',
  },
};

export function openApiDocument(api: Api): OpenApiDocument {
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  });
  api.openAPIRegistry.registerComponent('parameters', 'AccountHeader', ACCOUNT_HEADER);
  const document = api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'KPI Dashboard API',
      version: '1.0.0',
      description:
        'The Quantive Results KPI, KPI group and Insightboard API, served by the dashboard’s own server. ' +
        'Every path answers under /results/api/v1, /results/api/v2, /api/v1 and /api/v2. ' +
        'Send `Authorization: Bearer <token>` and `gtmhub-accountId`. Errors are RFC 9457 problem details. ' +
        'List endpoints take filter, sort, fields (or projection), skip and take (or limit, at most 1000).',
    },
    servers: [
      { url: '/results/api/v1' },
      { url: '/results/api/v2' },
      { url: '/api/v1' },
      { url: '/api/v2' },
    ],
    security: [{ bearer: [] }],
  });
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item as Record<string, { parameters?: unknown[] }>)) {
      operation.parameters = [
        { $ref: '#/components/parameters/AccountHeader' },
        ...(operation.parameters ?? []),
      ];
    }
  }
  return document;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escape = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  responses?: Record<string, { description?: string }>;
}

/** A self-contained, readable reference page rendered from the OpenAPI document (no scripts, no CDN). */
export function apiReferencePage(document: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, raw] of Object.entries(item as Record<string, Operation>)) {
      const op = raw;
      const tag = op.tags?.[0] ?? 'Other';
      const params = (op.parameters ?? [])
        .filter((p) => p.in !== 'header' || p.name !== 'gtmhub-accountId')
        .map(
          (p) =>
            `<li><code>${escape(p.name)}</code> <em>${escape(p.in)}${p.required ? ', required' : ''}</em> ${escape(p.description)}</li>`,
        )
        .join('');
      const bodyRef = op.requestBody?.content?.['application/json']?.schema?.$ref;
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<li><code>${escape(status)}</code> ${escape(r.description)}</li>`)
        .join('');
      const html = `<section class="op"><h3><span class="m ${escape(method)}">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code></h3>
<p>${escape(op.summary)}</p>${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}${
        bodyRef ? `<h4>Body</h4><p><code>${escape(bodyRef.split('/').pop())}</code></p>` : ''
      }<h4>Responses</h4><ul>${responses}</ul></section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const sections = [...byTag.entries()]
    .map(([tag, ops]) => `<h2>${escape(tag)}</h2>${ops.join('')}`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info.title)} reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1f2937}
code{background:#f3f4f6;padding:0 .25rem;border-radius:4px}.op{border:1px solid #e5e7eb;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}
.m{display:inline-block;min-width:4.5rem;font-size:.8rem;text-align:center;border-radius:4px;padding:.1rem .3rem;color:#fff;background:#6b7280}
.get{background:#2563eb}.post{background:#16a34a}.put{background:#d97706}.patch{background:#7c3aed}.delete{background:#dc2626}
h4{margin:.5rem 0 0}@media (prefers-color-scheme:dark){body{background:#111827;color:#e5e7eb}code{background:#1f2937}.op{border-color:#374151}}</style>
</head><body><h1>${escape(document.info.title)}</h1><p>${escape(document.info.description)}</p>
<p>Machine-readable: <a href="/results/api/openapi.json">openapi.json</a></p>${sections}</body></html>`;
}
