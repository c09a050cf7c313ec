// Nationalities typed as names or codes (web/src/countries.js): run by TestWebUnits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALPHA2, countryCode, countryName, parseNationalities, fold } from '../src/countries.js';

test('every ISO 3166-1 country has a distinct alpha-3 and alpha-2 code', () => {
  assert.equal(ALPHA2.size, 249);
  assert.equal(new Set(ALPHA2.values()).size, 249);
  for (const [a3, a2] of ALPHA2) assert.match(a3 + ' ' + a2, /^[A-Z]{3} [A-Z]{2}$/);
  assert.equal(ALPHA2.get('SAU'), 'SA');
  assert.equal(ALPHA2.get('NLD'), 'NL');
});

test('Indonesian and English names, codes and short forms give the code', () => {
  const cases = {
    'Arab Saudi': 'SAU', 'saudi arabia': 'SAU', Saudi: 'SAU', sau: 'SAU', Tiongkok: 'CHN', China: 'CHN', Cina: 'CHN',
    Belanda: 'NLD', Netherlands: 'NLD', 'Amerika Serikat': 'USA', 'Uni Emirat Arab': 'ARE', 'Korea Selatan': 'KOR',
    'Inggris Raya': 'GBR', Inggris: 'GBR', 'Côte d’Ivoire': 'CIV', 'cote d ivoire': 'CIV', Turki: 'TUR', Yaman: 'YEM', Yemen: 'YEM',
    Malaysia: 'MYS', '  kuwait ': 'KWT',
  };
  for (const [name, code] of Object.entries(cases)) assert.equal(countryCode(name), code, name);
  assert.equal(countryCode('Narnia'), '');
  assert.equal(countryCode('XYZ'), '', 'a three-letter word that is no code');
  assert.equal(fold(' Côte  d’Ivoire '), 'cote d ivoire');
});

test('a typed list: commas, semicolons, space-separated codes; unknown parts reported', () => {
  assert.deepEqual(parseNationalities('Arab Saudi'), { codes: ['SAU'], unknown: [] });
  assert.deepEqual(parseNationalities('SAU CHN'), { codes: ['SAU', 'CHN'], unknown: [] });
  assert.deepEqual(parseNationalities('sau, Tiongkok; belanda, SAU'), { codes: ['SAU', 'CHN', 'NLD'], unknown: [] });
  assert.deepEqual(parseNationalities('Narnia, NLD'), { codes: ['NLD'], unknown: ['Narnia'] });
  assert.deepEqual(parseNationalities(' , '), { codes: [], unknown: [] });
});

test('codes are named in the page language', () => {
  assert.equal(countryName('SAU', 'id'), 'Arab Saudi');
  assert.equal(countryName('SAU', 'en'), 'Saudi Arabia');
  assert.equal(countryName('ZZZ', 'id'), 'ZZZ');
});
