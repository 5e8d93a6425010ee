/**
 * Availability zones (SPEC section 1): a region has several zones, named after it with a number
 * (`ap-guangzhou-3` in `ap-guangzhou`). Binding servers in several zones avoids a single point of
 * failure; losing a zone takes down every instance in it. This file holds the naming rule.
 */

/** Whether `zone` names a zone of `region`: the region, a hyphen and a zone number (1 or more). */
export function isZoneOf(zone: string, region: string): boolean {
  if (!zone.startsWith(region + '-')) return false;
  const number = zone.slice(region.length + 1);
  return /^[1-9][0-9]{0,3}$/.test(number);
}

/** An example zone of a region, for messages. */
export function exampleZone(region: string): string {
  return `${region}-3`;
}
