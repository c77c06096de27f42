-- What unlocks this store (the OS keychain or a passphrase), kept in the store so a store
-- opened with its recovery key reports the mode it has, not the key that opened it. Set at
-- creation and by every key change; a store made before this format gets it at its first
-- open with its own passphrase or keychain key. Not exported (transfer.rs leaves it out):
-- an imported store keeps its own.
CREATE TABLE store_key (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    mode TEXT NOT NULL CHECK (mode IN ('keychain', 'passphrase'))
);
