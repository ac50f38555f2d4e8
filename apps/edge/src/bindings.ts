/**
 * The worker's bindings, as `wrangler types` generates them from wrangler.jsonc
 * (worker-configuration.d.ts, checked fresh by `pnpm typecheck`), with each queue's message type
 * and every variable {@link readConfig} reads. Types only.
 *
 * @module
 */
import type { CallbackJob } from './callbacks/events'
import type { Config, ConfigVars, readConfig } from './config'
import type { DeliveryJob } from './delivery/jobs'
import type { ObservabilityVariables } from './observability/observed'

/** The bindings of wrangler.jsonc; secrets and variables are validated by {@link readConfig}. */
export type Bindings = Omit<Cloudflare.Env, 'DELIVERY' | 'DELIVERY_DLQ' | 'CALLBACKS'> &
  ConfigVars & {
    /** Asynchronous sends: one job per message (src/delivery). */
    readonly DELIVERY: Queue<DeliveryJob>
    /** Where the consumer forwards a message whose attempts are exhausted. */
    readonly DELIVERY_DLQ: Queue<DeliveryJob>
    /** Client callbacks (src/callbacks): one job per event and key. */
    readonly CALLBACKS: Queue<CallbackJob>
    /** Workers Analytics Engine (staging, production); without it metrics go to the log. */
    readonly METRICS?: AnalyticsEngineDataset
  }

/** What handlers see: bindings, and the validated configuration set by the first middleware. */
export interface AppEnv {
  Bindings: Bindings
  Variables: { config: Config } & ObservabilityVariables
}
