import { jsonTextValues } from './sqlDatabase.js';
import type { SqlDatabase } from './sqlDatabase.js';
import type { PersonalAlert, PersonalCondition } from '../domain/personalAlert.js';

/** A personal alert as a member asks for it; the store gives it its id. */
export interface NewPersonalAlert {
  readonly memberId: string;
  readonly symbol: string;
  readonly condition: PersonalCondition;
  readonly repeat: boolean;
  readonly armed: boolean;
}

export interface PersonalAlertStore {
  addPersonalAlert(alert: NewPersonalAlert, at: number): PersonalAlert;
  /** One member's alerts, oldest first. */
  personalAlertsOf(memberId: string): PersonalAlert[];
  /** Every member's alerts, by member then age. */
  allPersonalAlerts(): PersonalAlert[];
  /** The alerts on these instruments. */
  personalAlertsOn(symbols: readonly string[]): PersonalAlert[];
  /** Removes one alert (only the member's own, when memberId is given); returns whether it existed. */
  removePersonalAlert(id: number, memberId: string | null): boolean;
  /** Removes every alert of a member; returns how many. */
  clearPersonalAlerts(memberId: string): number;
  /** Keeps an alert's armed state and firing count after a match. */
  savePersonalAlertState(alert: PersonalAlert): void;
}

interface Row {
  readonly id: number;
  readonly member_id: string;
  readonly symbol: string;
  readonly kind: PersonalCondition['kind'];
  readonly value: number;
  readonly repeat: number;
  readonly armed: number;
  readonly fired: number;
  readonly created_at: number;
}

const COLUMNS = 'id, member_id, symbol, kind, value, repeat, armed, fired, created_at';

function fromRow(row: Row): PersonalAlert {
  return {
    id: row.id,
    memberId: row.member_id,
    symbol: row.symbol,
    condition: { kind: row.kind, value: row.value },
    repeat: row.repeat === 1,
    armed: row.armed === 1,
    fired: row.fired,
    createdAt: row.created_at,
  };
}

export function personalAlertStore(db: SqlDatabase): PersonalAlertStore {
  const insert = db.prepare<[string, string, string, number, number, number, number], Row>(
    `INSERT INTO personal_alerts (member_id, symbol, kind, value, repeat, armed, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
  );
  const ofMember = db.prepare<[string], Row>(
    `SELECT ${COLUMNS} FROM personal_alerts WHERE member_id = ? ORDER BY id`,
  );
  const all = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM personal_alerts ORDER BY member_id, id`);
  const onSymbols = db.prepare<[string], Row>(
    `SELECT ${COLUMNS} FROM personal_alerts WHERE symbol IN (${jsonTextValues(db.dialect)}) ORDER BY id`,
  );
  const remove = db.prepare<[number]>('DELETE FROM personal_alerts WHERE id = ?');
  const removeOwn = db.prepare<[number, string]>(
    'DELETE FROM personal_alerts WHERE id = ? AND member_id = ?',
  );
  const clear = db.prepare<[string]>('DELETE FROM personal_alerts WHERE member_id = ?');
  const save = db.prepare<[number, number, number]>(
    'UPDATE personal_alerts SET armed = ?, fired = ? WHERE id = ?',
  );
  return {
    addPersonalAlert(alert, at) {
      const { memberId, symbol, condition, repeat, armed } = alert;
      const row = insert.get(memberId, symbol, condition.kind, condition.value, +repeat, +armed, at);
      if (!row) throw new Error('personal alert insert returned no row');
      return fromRow(row);
    },
    personalAlertsOf: (memberId) => ofMember.all(memberId).map(fromRow),
    allPersonalAlerts: () => all.all().map(fromRow),
    personalAlertsOn: (symbols) => onSymbols.all(JSON.stringify(symbols)).map(fromRow),
    removePersonalAlert: (id, memberId) =>
      (memberId === null ? remove.run(id) : removeOwn.run(id, memberId)).changes > 0,
    clearPersonalAlerts: (memberId) => clear.run(memberId).changes,
    savePersonalAlertState: (alert) => void save.run(+alert.armed, alert.fired, alert.id),
  };
}
