import type { SqlDatabase } from './sqlDatabase.js';

export interface InstrumentStates {
  /** Parsed snapshots by symbol; the rules engine validates their shape. */
  readonly states: Map<string, unknown>;
  /** One line per row that was skipped because it could not be read. */
  readonly problems: string[];
}

export interface InstrumentStateStore {
  /** Stores the snapshot as JSON, replacing any earlier one for the symbol. */
  saveInstrumentState(symbol: string, snapshot: unknown, at: number): void;
  loadInstrumentStates(): InstrumentStates;
}

interface StateRow {
  readonly symbol: string;
  readonly snapshot: string;
}

export function instrumentStateStore(db: SqlDatabase): InstrumentStateStore {
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO instrument_state (symbol, snapshot, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (symbol) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
  );
  const all = db.prepare<[], StateRow>('SELECT symbol, snapshot FROM instrument_state ORDER BY symbol');

  return {
    saveInstrumentState: (symbol, snapshot, at) => {
      const json = JSON.stringify(snapshot) as string | undefined;
      if (json === undefined) {
        throw new TypeError(`instrument state for ${symbol} cannot be stored: the snapshot has no JSON form`);
      }
      upsert.run(symbol, json, at);
    },
    loadInstrumentStates: () => {
      const states = new Map<string, unknown>();
      const problems: string[] = [];
      for (const row of all.all()) {
        try {
          states.set(row.symbol, JSON.parse(row.snapshot));
        } catch (err) {
          problems.push(
            `instrument state for ${row.symbol} is not valid JSON and was ignored (${err instanceof Error ? err.message : String(err)})`,
          );
        }
      }
      return { states, problems };
    },
  };
}
