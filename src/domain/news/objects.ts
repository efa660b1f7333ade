/**
 * What an act is about: a product, a sector or a list. A 25% tariff on Japanese cars and a 25%
 * tariff on Japanese steel are two stories, as are additions to the Entity List and to the
 * unverifiable list. An object may sit inside a broader one ("gallium" in "critical minerals",
 * "Entity List" in "blacklist"): a headline naming the broad one agrees with either.
 */
import { AI_CHIP_MODELS } from './lexicon.js';

export interface StoryObject {
  readonly id: string;
  /** Phrases as in the lexicon (matched by stem; `*` ends a prefix). */
  readonly phrases: readonly string[];
  /** The broader object it belongs to, if any. */
  readonly within?: string;
}

export const OBJECTS: readonly StoryObject[] = [
  {
    id: 'autos',
    phrases: [
      'car',
      'cars',
      'auto',
      'autos',
      'automotive',
      'automobile*',
      'vehicle*',
      'automaker*',
      'carmaker*',
      'EV',
      'EVs',
    ],
  },
  { id: 'steel', phrases: ['steel', 'steelmaker*'] },
  { id: 'aluminium', phrases: ['aluminium', 'aluminum'] },
  { id: 'copper', phrases: ['copper'] },
  { id: 'lumber', phrases: ['lumber', 'timber'] },
  { id: 'pharmaceuticals', phrases: ['drug', 'drugs', 'pharmaceutical*', 'pharma', 'medicine*'] },
  { id: 'medical-devices', phrases: ['medical device*', 'medical equipment', 'medical supplies'] },
  {
    id: 'chipmaking-tools',
    phrases: [
      'chipmaking equipment',
      'chipmaking gear',
      'chip gear',
      'chipmaking tool*',
      'chip tool*',
      'chip equipment',
      'chipmaking machine*',
      'lithography',
      'chip design software',
      'EDA',
    ],
  },
  {
    id: 'chips',
    phrases: [
      'chip',
      'chips',
      'semiconductor*',
      'chipmaker*',
      'processor*',
      'GPU',
      'GPUs',
      ...AI_CHIP_MODELS,
    ],
  },
  { id: 'critical-minerals', phrases: ['critical mineral*', 'strategic mineral*', 'mineral*', 'metals'] },
  {
    id: 'rare-earths',
    phrases: ['rare earth*', 'magnet*', 'dysprosium', 'terbium', 'yttrium', 'samarium'],
    within: 'critical-minerals',
  },
  { id: 'gallium', phrases: ['gallium'], within: 'critical-minerals' },
  { id: 'germanium', phrases: ['germanium'], within: 'critical-minerals' },
  { id: 'antimony', phrases: ['antimony'], within: 'critical-minerals' },
  { id: 'graphite', phrases: ['graphite'], within: 'critical-minerals' },
  { id: 'tungsten', phrases: ['tungsten'], within: 'critical-minerals' },
  { id: 'lithium', phrases: ['lithium'], within: 'critical-minerals' },
  {
    id: 'farm-goods',
    phrases: [
      'farm good*',
      'farm product*',
      'farm export*',
      'farm import*',
      'agricultural*',
      'agriculture',
      'farm',
    ],
  },
  { id: 'soybeans', phrases: ['soybean*', 'soy', 'soya'], within: 'farm-goods' },
  { id: 'pork', phrases: ['pork', 'hog', 'hogs'], within: 'farm-goods' },
  { id: 'beef', phrases: ['beef'], within: 'farm-goods' },
  { id: 'corn', phrases: ['corn', 'maize'], within: 'farm-goods' },
  { id: 'wheat', phrases: ['wheat'], within: 'farm-goods' },
  { id: 'rice', phrases: ['rice'], within: 'farm-goods' },
  { id: 'sorghum', phrases: ['sorghum'], within: 'farm-goods' },
  { id: 'seafood', phrases: ['seafood', 'fish', 'fishery', 'fisheries', 'scallop*'], within: 'farm-goods' },
  { id: 'energy', phrases: ['energy', 'fuel*'] },
  { id: 'lng', phrases: ['LNG', 'liquefied natural gas', 'natural gas'], within: 'energy' },
  { id: 'crude-oil', phrases: ['crude', 'oil'], within: 'energy' },
  { id: 'coal', phrases: ['coal'], within: 'energy' },
  {
    id: 'aircraft',
    phrases: ['aircraft', 'jet', 'jets', 'jetliner*', 'airliner*', 'plane', 'planes', 'aviation'],
  },
  { id: 'ships', phrases: ['ship', 'ships', 'vessel*', 'shipbuilding', 'shipbuilder*', 'shipping'] },
  { id: 'cranes', phrases: ['crane', 'cranes'] },
  { id: 'drones', phrases: ['drone', 'drones', 'UAV', 'UAVs'] },
  { id: 'solar', phrases: ['solar', 'polysilicon'] },
  { id: 'batteries', phrases: ['battery', 'batteries'] },
  {
    id: 'electronics',
    phrases: ['smartphone*', 'iPhone*', 'laptop*', 'computer*', 'PC', 'PCs', 'electronics'],
  },
  { id: 'textiles', phrases: ['textile*', 'apparel', 'clothing', 'garment*', 'footwear', 'shoes'] },
  { id: 'toys', phrases: ['toy', 'toys'] },
  { id: 'furniture', phrases: ['furniture'] },
  {
    id: 'parcels',
    phrases: ['parcel*', 'small package*', 'low value package*', 'de minimis', 'small shipment*'],
  },
  { id: 'apps', phrases: ['app', 'apps'] },
  { id: 'blacklist', phrases: ['blacklist*', 'black list', 'trade blacklist', 'investment blacklist'] },
  { id: 'entity-list', phrases: ['entity list', 'entities list'], within: 'blacklist' },
  { id: 'unverifiable-list', phrases: ['unverifiable list', 'unverified list'], within: 'blacklist' },
  { id: 'denied-persons-list', phrases: ['denied persons list', 'denied party list'], within: 'blacklist' },
  {
    id: 'unreliable-entity-list',
    phrases: ['unreliable entity list', 'unreliable entities list', 'unreliable entity'],
    within: 'blacklist',
  },
  { id: 'export-control-list', phrases: ['export control list'], within: 'blacklist' },
  {
    id: 'military-list',
    phrases: [
      'military compan* list',
      'Chinese military compan*',
      '1260H',
      'military end user*',
      'CMIC',
      'military list',
    ],
    within: 'blacklist',
  },
  // The US sanctions list is the SDN list; China's own is its countermeasure list.
  {
    id: 'sdn-list',
    phrases: [
      'SDN',
      'specially designated nationals',
      'sanctions list',
      'sanction list',
      'sanctions blacklist',
    ],
    within: 'blacklist',
  },
  {
    id: 'countermeasure-list',
    phrases: [
      'countermeasure list',
      'countermeasures list',
      'anti sanctions list',
      'anti foreign sanctions list',
    ],
    within: 'blacklist',
  },
];
