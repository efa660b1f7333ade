import { matchPersonalAlerts } from '../domain/personalAlert.js';
import type { PersonalFiring } from '../domain/personalAlert.js';
import type { OutputHub } from '../hub/outputHub.js';
import type { Logger } from '../log.js';
import type { PersonalAlertStage } from '../pipeline/tick.js';
import type { PersonalAlertStore } from '../store/personalAlerts.js';

/**
 * The pipeline's personal-alert stage: inside each decision's transaction, the alerts on the priced
 * instruments are matched (src/domain/personalAlert.ts), their new state kept and their messages
 * staged on the hub, so a crash can neither lose nor double a firing.
 */
export function createPersonalAlertStage(deps: {
  readonly store: PersonalAlertStore;
  readonly hub: Pick<OutputHub, 'stage' | 'deliver'>;
  readonly log: Logger;
}): PersonalAlertStage {
  const { store, hub, log } = deps;
  return {
    stage(prices) {
      if (prices.length === 0) return [];
      const alerts = store.personalAlertsOn([...new Set(prices.map((p) => p.symbol))]);
      if (alerts.length === 0) return [];
      const { firings, updated, removed } = matchPersonalAlerts(alerts, prices);
      for (const alert of updated) store.savePersonalAlertState(alert);
      for (const id of removed) store.removePersonalAlert(id, null);
      for (const firing of firings) {
        hub.stage({ kind: 'personal', firing });
        const { key, symbol, memberId, price } = firing;
        log.info({ key, symbol, memberId, price }, 'personal alert fired');
      }
      return firings;
    },
    async deliver(firings: readonly PersonalFiring[]) {
      for (const firing of firings) await hub.deliver({ kind: 'personal', firing });
    },
  };
}
