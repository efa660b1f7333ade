import { describe, expect, it } from 'vitest';
import { nearestTimeZones, unknownTimeZoneMessage } from '../../src/config/timeZoneHint.js';

describe('nearestTimeZones', () => {
  it.each([
    ['Asia/Tokio', 'Asia/Tokyo'],
    ['asia/hong kong', 'Asia/Hong_Kong'],
    ['Europe/Londn', 'Europe/London'],
    ['Shanghia', 'Asia/Shanghai'],
  ])('GIVEN %s THEN %s comes first', (written, zone) => {
    expect(nearestTimeZones(written)[0]).toBe(zone);
  });

  it('GIVEN a name near nothing THEN no suggestion, and the message gives an example instead', () => {
    expect(nearestTimeZones('Mars/Olympus')).toEqual([]);
    expect(unknownTimeZoneMessage('Mars/Olympus')).toBe(
      '"Mars/Olympus" is not an IANA time zone; write one such as Asia/Hong_Kong',
    );
  });
});
