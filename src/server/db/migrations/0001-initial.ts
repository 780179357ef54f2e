/** The first schema. Times are epoch milliseconds; JSON columns hold small documents as text. */
export default /* sql */ `
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  date_created INTEGER NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  date_created INTEGER NOT NULL
);

CREATE TABLE memberships (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  date_created INTEGER NOT NULL,
  PRIMARY KEY (account_id, user_id)
) WITHOUT ROWID;
CREATE INDEX memberships_user ON memberships(user_id, account_id);

CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  hash BLOB NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT '',
  date_created INTEGER NOT NULL,
  date_revoked INTEGER
);
CREATE INDEX tokens_user ON tokens(user_id);

CREATE TABLE kpis (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  rich_text_description TEXT,
  aggregation TEXT NOT NULL,
  target_operator TEXT NOT NULL,
  owner_id TEXT,
  prefix TEXT NOT NULL DEFAULT '',
  suffix TEXT NOT NULL DEFAULT '',
  fraction_size INTEGER NOT NULL DEFAULT 0,
  insight TEXT,
  insight_name TEXT,
  created_by TEXT NOT NULL,
  modified_by TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL
);
CREATE INDEX kpis_account_name ON kpis(account_id, name COLLATE NOCASE, id);
CREATE INDEX kpis_account_created ON kpis(account_id, date_created);
CREATE INDEX kpis_account_insight ON kpis(account_id, insight_name) WHERE insight_name IS NOT NULL;

CREATE TABLE kpi_owners (
  kpi_id TEXT NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (kpi_id, user_id)
) WITHOUT ROWID;
CREATE INDEX kpi_owners_user ON kpi_owners(user_id, kpi_id);

CREATE TABLE kpi_groups (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_by TEXT NOT NULL,
  modified_by TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL
);
CREATE INDEX kpi_groups_account ON kpi_groups(account_id, name COLLATE NOCASE);

CREATE TABLE kpi_group_members (
  kpi_id TEXT NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,
  group_id TEXT NOT NULL REFERENCES kpi_groups(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (kpi_id, group_id)
) WITHOUT ROWID;
CREATE INDEX kpi_group_members_group ON kpi_group_members(group_id, kpi_id);

CREATE TABLE group_favorites (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  group_id TEXT NOT NULL REFERENCES kpi_groups(id) ON DELETE CASCADE,
  date_created INTEGER NOT NULL,
  PRIMARY KEY (user_id, group_id)
) WITHOUT ROWID;
CREATE INDEX group_favorites_group ON group_favorites(group_id);

CREATE TABLE virtual_group_favorites (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  virtual_group TEXT NOT NULL CHECK (virtual_group IN ('mykpis', 'ungrouped')),
  date_created INTEGER NOT NULL,
  PRIMARY KEY (user_id, account_id, virtual_group)
) WITHOUT ROWID;

CREATE TABLE snapshots (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL,
  kpi_id TEXT NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,
  ts INTEGER NOT NULL,
  value REAL NOT NULL,
  period_key TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  created_by TEXT NOT NULL,
  date_created INTEGER NOT NULL
);
-- Covers the grouped reads: (kpi, time range) -> value, with the account to scope them.
CREATE INDEX snapshots_kpi_ts ON snapshots(kpi_id, ts, value, account_id);

CREATE TABLE projections (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  kpi_id TEXT NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  value REAL NOT NULL,
  created_by TEXT NOT NULL,
  modified_by TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  date_modified INTEGER NOT NULL,
  UNIQUE (kpi_id, date)
);

CREATE TABLE dashboards (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  tag TEXT NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  is_report INTEGER NOT NULL DEFAULT 0,
  report_kind TEXT,
  layout TEXT NOT NULL DEFAULT 'grid',
  settings TEXT NOT NULL DEFAULT '[]',
  source_id TEXT,
  created_by TEXT NOT NULL,
  modified_by TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL,
  UNIQUE (account_id, tag)
);
CREATE UNIQUE INDEX dashboards_report ON dashboards(account_id, report_kind) WHERE report_kind IS NOT NULL;

CREATE TABLE dashboard_tags (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  UNIQUE (account_id, name)
);

CREATE TABLE dashboard_tag_links (
  dashboard_id TEXT NOT NULL REFERENCES dashboards(id) ON DELETE CASCADE,
  tag_id TEXT NOT NULL REFERENCES dashboard_tags(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (dashboard_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX dashboard_tag_links_tag ON dashboard_tag_links(tag_id);

CREATE TABLE dashboard_items (
  account_id TEXT NOT NULL,
  id TEXT NOT NULL,
  dashboard_id TEXT NOT NULL REFERENCES dashboards(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  insight_id TEXT NOT NULL DEFAULT '',
  insight_name TEXT NOT NULL DEFAULT '',
  insight_title TEXT NOT NULL DEFAULT '',
  row INTEGER NOT NULL,
  col INTEGER NOT NULL,
  size_x INTEGER NOT NULL,
  size_y INTEGER NOT NULL,
  settings TEXT NOT NULL DEFAULT '[]',
  filters TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (account_id, id)
);
CREATE INDEX dashboard_items_dashboard ON dashboard_items(dashboard_id);
CREATE INDEX dashboard_items_insight ON dashboard_items(account_id, insight_name);

CREATE TABLE dashboard_item_kpis (
  account_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  kpi_id TEXT NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,
  PRIMARY KEY (account_id, item_id, kpi_id),
  FOREIGN KEY (account_id, item_id) REFERENCES dashboard_items(account_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX dashboard_item_kpis_kpi ON dashboard_item_kpis(kpi_id);

CREATE TABLE section_headers (
  account_id TEXT NOT NULL,
  id TEXT NOT NULL,
  header_id TEXT NOT NULL,
  dashboard_id TEXT NOT NULL REFERENCES dashboards(id) ON DELETE CASCADE,
  header TEXT NOT NULL,
  sub_header TEXT NOT NULL DEFAULT '',
  row INTEGER NOT NULL,
  col INTEGER NOT NULL,
  size_x INTEGER NOT NULL,
  size_y INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  modified_by TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX section_headers_dashboard ON section_headers(dashboard_id);
`;
