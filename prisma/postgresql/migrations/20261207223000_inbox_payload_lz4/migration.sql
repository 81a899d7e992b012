-- The inbox payload (the exact signed body, about 15 KB for an order) is compressed with LZ4 instead of pglz. pglz
-- took about 110 us of a PostgreSQL backend CPU per 15 KB row at the intake INSERT (3,000 rows of the Shopify
-- orders/create sample: pglz 383 ms, lz4 56 ms, and reading them back 137 ms, 95 ms), on the cores the web thread
-- answering webhooks needs. Rows already stored keep pglz, and both read back the same text. Needs PostgreSQL 14 or
-- later built with LZ4 (the Debian, Ubuntu, Docker and managed-cloud builds are).
-- https://www.postgresql.org/docs/15/sql-altertable.html (SET COMPRESSION)
ALTER TABLE "WebhookEvent" ALTER COLUMN "payload" SET COMPRESSION lz4;
