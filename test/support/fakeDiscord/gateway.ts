import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayOpcodes, type GatewayIdentifyData, type GatewayResumeData } from 'discord.js';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { guildCreatePayload } from './apiObjects.js';
import { frame, frameText, identifyRefusal, type Frame } from './gatewayProtocol.js';
import { opaqueToken } from './snowflake.js';
import type { FakeState } from './state.js';
import { readyPayload } from './readyPayload.js';

interface Session {
  readonly id: string;
  seq: number;
  readonly log: Frame[];
  socket: WebSocket | undefined;
  /** Discord forgets a session the client closed with 1000/1001; it cannot be resumed. */
  ended: boolean;
}

interface Connection {
  readonly socket: WebSocket;
  session: Session | undefined;
}

/** The Discord gateway on the fake's HTTP server: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME. */
export class FakeGateway {
  readonly identifyPayloads: GatewayIdentifyData[] = [];
  identifies = 0;
  resumes = 0;
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sessions: Session[] = [];
  private readonly closedByServer = new WeakSet<WebSocket>();

  constructor(private readonly state: FakeState) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', this.state.origin);
    if (url.pathname.replace(/\/$/, '') !== '/gateway') {
      socket.destroy();
      return;
    }
    this.server.handleUpgrade(req, socket, head, (ws) => {
      this.accept(ws, url.searchParams);
    });
  }

  dispatch(t: string, d: unknown): void {
    for (const session of this.sessions) {
      if (!session.ended) this.sendDispatch(session, t, d);
    }
  }

  /** Closes every live socket; discord.js treats 4000 (unknown error) as resumable. */
  disconnect(code: number): void {
    for (const client of this.server.clients) {
      this.closedByServer.add(client);
      client.close(code, 'fakeDiscord disconnect');
    }
  }

  close(): void {
    for (const client of this.server.clients) client.terminate();
    this.server.close();
  }

  private accept(socket: WebSocket, query: URLSearchParams): void {
    const connection: Connection = { socket, session: undefined };
    if (query.get('v') !== '10') {
      socket.close(4012, 'Invalid API version');
      return;
    }
    if (query.get('encoding') !== 'json' || query.has('compress')) {
      socket.close(4002, 'Decode error: only uncompressed JSON is faked');
      return;
    }
    socket.on('message', (data) => {
      this.receive(connection, data);
    });
    socket.on('close', (code) => {
      const { session } = connection;
      if (session?.socket === socket) session.socket = undefined;
      if (session && !this.closedByServer.has(socket) && (code === 1000 || code === 1001))
        session.ended = true;
    });
    this.send(
      socket,
      frame(GatewayOpcodes.Hello, { heartbeat_interval: this.state.limits.heartbeatIntervalMs }),
    );
  }

  private receive(connection: Connection, data: RawData): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      payload = JSON.parse(frameText(data)) as typeof payload;
    } catch {
      connection.socket.close(4002, 'Decode error');
      return;
    }
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.send(connection.socket, frame(GatewayOpcodes.HeartbeatAck));
        return;
      case GatewayOpcodes.Identify:
        this.identify(connection, payload.d as GatewayIdentifyData);
        return;
      case GatewayOpcodes.Resume:
        this.resume(connection, payload.d as GatewayResumeData);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
        if (!connection.session) connection.socket.close(4003, 'Not authenticated');
        return;
      default:
        connection.socket.close(4001, 'Unknown opcode');
    }
  }

  private identify(connection: Connection, data: GatewayIdentifyData): void {
    const { socket } = connection;
    this.identifyPayloads.push(data);
    const refusal = identifyRefusal(connection.session !== undefined, data, this.state);
    if (refusal) {
      socket.close(refusal.code, refusal.reason);
      return;
    }
    const session: Session = { id: opaqueToken(16), seq: 0, log: [], socket, ended: false };
    this.sessions.push(session);
    connection.session = session;
    this.identifies += 1;
    this.sendDispatch(session, 'READY', readyPayload(this.state, session.id, data.shard));
    for (const guild of this.state.world.guilds) {
      this.sendDispatch(session, 'GUILD_CREATE', guildCreatePayload(guild, this.state.world));
    }
  }

  /** Replays what the client missed, then RESUMED, as Discord does. */
  private resume(connection: Connection, data: GatewayResumeData): void {
    const session = this.sessions.find((candidate) => candidate.id === data.session_id && !candidate.ended);
    if (!session || data.token !== this.state.world.token || connection.session) {
      this.send(connection.socket, frame(GatewayOpcodes.InvalidSession, false));
      return;
    }
    this.resumes += 1;
    session.socket = connection.socket;
    connection.session = session;
    for (const missed of session.log.filter((entry) => (entry.s ?? 0) > data.seq))
      this.send(connection.socket, missed);
    session.seq += 1;
    this.send(connection.socket, { op: GatewayOpcodes.Dispatch, d: {}, s: session.seq, t: 'RESUMED' });
  }

  private sendDispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const entry: Frame = { op: GatewayOpcodes.Dispatch, d, s: session.seq, t };
    session.log.push(entry);
    if (session.socket) this.send(session.socket, entry);
  }

  private send(socket: WebSocket, payload: Frame): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  }
}
