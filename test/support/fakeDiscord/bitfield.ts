/**
 * Discord sends bitfields as plain integers, 0 for none; discord-api-types types them as enums without a 0
 * member. Typing the result `never` lets it fill any of those enum fields without claiming it is a member.
 */
export function bitfield(value: number): never {
  return value as never;
}
