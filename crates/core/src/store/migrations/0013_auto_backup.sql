-- How many automatic backups the app keeps beside the store (store::autobackup); no row
-- means the defaults: on, 7 daily and 4 weekly.
CREATE TABLE auto_backup (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    enabled      INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    keep_daily   INTEGER NOT NULL CHECK (keep_daily BETWEEN 1 AND 365),
    keep_weekly  INTEGER NOT NULL CHECK (keep_weekly BETWEEN 0 AND 520)
);
