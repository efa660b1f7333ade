import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dockerfileInstructions, envExampleNames, envOf, finalStage, readYaml } from './imageFiles.js';

/** The parts of a Compose service these tests read. */
interface Service {
  readonly build?: string;
  readonly env_file?: string;
  readonly environment?: Record<string, string>;
  readonly volumes?: string[];
  readonly ports?: string[];
  readonly profiles?: string[];
  readonly depends_on?: Record<string, { condition: string }>;
  readonly healthcheck?: unknown;
  readonly image?: string;
}

interface PrometheusConfig {
  readonly scrape_configs: { metrics_path?: string; static_configs: { targets: string[] }[] }[];
}

const compose = readYaml('docker-compose.yml') as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const imageEnv = envOf(finalStage(dockerfileInstructions()));
const bot = compose.services.bot ?? {};
const prometheus = compose.services.prometheus ?? {};

describe('docker-compose.yml (read as Compose reads it; no Docker engine runs here)', () => {
  it('GIVEN the bot service THEN it builds the image, keeps state in a named volume and mounts the config writable', () => {
    expect(bot.build).toBe('.');
    expect(bot.env_file).toBe('.env');
    expect(bot.volumes).toEqual(['bot-data:/data', './config:/app/config']);
    expect(Object.keys(compose.volumes)).toContain('bot-data');
    expect(imageEnv.STATE_DB).toMatch(/^\/data\//);
    expect(imageEnv.CONFIG_PATH).toMatch(/^\/app\/config\//);
  });

  it("GIVEN the bot service THEN the image's health check applies and its environment names are .env.example's", () => {
    expect(bot.healthcheck).toBeUndefined();
    expect(dockerfileInstructions().some((i) => i.keyword === 'HEALTHCHECK')).toBe(true);
    const listed = envExampleNames();
    expect(Object.keys(bot.environment ?? {}).filter((name) => !listed.has(name))).toEqual([]);
    expect(bot.environment).toEqual({ HTTP_PORT: imageEnv.HTTP_PORT, HTTP_HOST: imageEnv.HTTP_HOST });
    expect(bot.ports).toEqual([`127.0.0.1:${imageEnv.HTTP_PORT}:${imageEnv.HTTP_PORT}`]);
  });

  it('GIVEN Prometheus THEN it runs only with the monitoring profile, once the bot is healthy, scraping its /metrics', () => {
    expect(prometheus.profiles).toEqual(['monitoring']);
    expect(bot.profiles).toBeUndefined();
    expect(prometheus.depends_on).toEqual({ bot: { condition: 'service_healthy' } });
    const [configMount] = prometheus.volumes ?? [];
    const [hostPath] = (configMount ?? '').split(':');
    expect(configMount).toBe('./deploy/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    expect(existsSync(hostPath ?? '')).toBe(true);

    const scrape = (readYaml('deploy/prometheus.yml') as PrometheusConfig).scrape_configs;
    expect(scrape).toHaveLength(1);
    expect(scrape[0]?.metrics_path).toBe('/metrics');
    expect(scrape[0]?.static_configs).toEqual([{ targets: [`bot:${imageEnv.HTTP_PORT}`] }]);
    expect(Object.keys(compose.services)).toContain('bot');
  });

  it('GIVEN the replicas profile THEN PostgreSQL and two replicas run only with it, each with its own name and port, after PostgreSQL is healthy', () => {
    const names = ['postgres', 'replica-a', 'replica-b'];
    for (const name of names) expect(compose.services[name]?.profiles).toEqual(['replicas']);
    const postgres = compose.services.postgres ?? {};
    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect(postgres.healthcheck).toBeDefined();
    const replicas = ['replica-a', 'replica-b'].map((name) => compose.services[name] ?? {});
    const listed = envExampleNames();
    for (const replica of replicas) {
      expect(replica.build).toBe('.');
      expect(replica.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
      expect(replica.environment?.STORE_URL).toMatch(
        /^postgres:\/\/bot:\$\{POSTGRES_PASSWORD:-\}@postgres:5432\/bot$/,
      );
      expect(Object.keys(replica.environment ?? {}).filter((name) => !listed.has(name))).toEqual([]);
    }
    expect(new Set(replicas.map((r) => r.environment?.REPLICA_ID)).size).toBe(2);
    expect(new Set(replicas.flatMap((r) => r.ports ?? [])).size).toBe(2);
    expect(Object.keys(compose.volumes)).toContain('postgres-data');
  });
});
