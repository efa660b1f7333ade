import { contentOverlap, storyKeys, structureAgrees } from './storyIdentity.js';
import type { StoryIdentity } from './storyIdentity.js';

export interface StoryIndexOptions {
  /** A headline joins a story only within this distance of the story's T0. */
  readonly windowMs: number;
  /** storyMatch at or above this makes two headlines one story. */
  readonly minMatch: number;
  /**
   * Per key, only this many most recent stories are compared. This bounds the work per headline, so
   * ingestion stays linear even when a flood puts thousands of stories under one key.
   */
  readonly recentPerKey: number;
}

interface IndexedStory {
  readonly eventId: string;
  readonly time: number;
  /** The first member and the latest few: enough to recognise a reworded follow-up. */
  members: StoryIdentity[];
}

export interface StoryIndex {
  /** The event whose story this headline tells, or null for a new story. */
  find(identity: StoryIdentity, at: number): string | null;
  /** Records a new story (the event's first headline). */
  open(eventId: string, time: number, identity: StoryIdentity): void;
  /** Records one more headline of a known story. */
  attach(eventId: string, identity: StoryIdentity): void;
}

const MEMBERS_KEPT = 4;

/** An inverted index from story keys to recent stories; pure and in memory, rebuilt from the store. */
export function createStoryIndex(options: StoryIndexOptions): StoryIndex {
  const stories = new Map<string, IndexedStory>();
  const postings = new Map<string, string[]>();

  function post(eventId: string, identity: StoryIdentity): void {
    for (const key of storyKeys(identity)) {
      const list = postings.get(key) ?? [];
      if (list.at(-1) !== eventId) list.push(eventId);
      // Trim lazily so the array is not shifted on every push.
      if (list.length > 2 * options.recentPerKey) list.splice(0, list.length - options.recentPerKey);
      postings.set(key, list);
    }
  }

  function candidates(identity: StoryIdentity, at: number): IndexedStory[] {
    const found = new Map<string, IndexedStory>();
    for (const key of storyKeys(identity)) {
      const list = postings.get(key) ?? [];
      for (let i = list.length - 1; i >= Math.max(0, list.length - options.recentPerKey); i--) {
        const story = stories.get(list[i] ?? '');
        if (story && Math.abs(at - story.time) <= options.windowMs) found.set(story.eventId, story);
      }
    }
    return [...found.values()];
  }

  function attach(eventId: string, identity: StoryIdentity): void {
    const story = stories.get(eventId);
    if (!story) return;
    story.members.push(identity);
    if (story.members.length > MEMBERS_KEPT) story.members.splice(1, 1);
    post(eventId, identity);
  }

  return {
    find(identity, at) {
      let best: { eventId: string; match: number } | null = null;
      for (const story of candidates(identity, at)) {
        // A headline joins only a story whose every kept member it agrees with, the first included:
        // "to 84%" after an update without figures must not join "to 125%" through it.
        if (!story.members.every((m) => structureAgrees(identity, m))) continue;
        const match = Math.max(...story.members.map((m) => contentOverlap(identity, m)));
        if (match >= options.minMatch && (best === null || match > best.match))
          best = { eventId: story.eventId, match };
      }
      return best?.eventId ?? null;
    },
    open(eventId, time, identity) {
      if (stories.has(eventId)) {
        attach(eventId, identity);
        return;
      }
      stories.set(eventId, { eventId, time, members: [identity] });
      post(eventId, identity);
    },
    attach,
  };
}
