-- clubbot schema, version 2: interactions being or already handled.
--
-- A Discord interaction may arrive twice: the gateway redelivers after a
-- resume, and a captured signed HTTP request can be sent again within the
-- signature window (5 minutes). The router claims each interaction id here
-- before its handler runs, so a repeat within ReplayWindow (15 minutes, as
-- long as Discord's interaction token lives) does not run the handler
-- again. A claim carries a lease: an attempt that crashed mid-way stops
-- blocking a retry once lease_until has passed.
CREATE TABLE interactions (
    id          TEXT    NOT NULL PRIMARY KEY, -- Discord's interaction id
    first_at    INTEGER NOT NULL,             -- first claim; rows are pruned by it
    lease_until INTEGER NOT NULL,             -- an unfinished claim may be taken over after this
    done        INTEGER NOT NULL DEFAULT 0,   -- 1: handled
    reply       TEXT                          -- the reply's JSON, when it could be kept
) WITHOUT ROWID;

CREATE INDEX interactions_first_at ON interactions (first_at);
