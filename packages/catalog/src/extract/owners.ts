import type { SourceLine } from './lines.js';

export type Owner =
  | { provenance: 'stated'; ministry: string; line: number; text: string }
  | { provenance: 'inferred'; ministry: string; reason: string }
  | { provenance: 'unassigned' };

/** Words that clearly imply the ministry running a project or measure (first match wins). */
const KEYWORDS: readonly (readonly [string, string])[] = [
  ['酒類', 'NTA'],
  ['酒蔵', 'NTA'],
  ['文化', 'ACA'],
  ['スポーツ', 'JSA'],
  ['観光', 'JTA'],
  ['インバウンド', 'JTA'],
  ['訪日', 'JTA'],
  ['スマート林業', 'FORESTRY'],
  ['森林', 'FORESTRY'],
  ['水産', 'FISHERIES'],
  ['農山漁村', 'MAFF'],
  ['農業', 'MAFF'],
  ['農林水産', 'MAFF'],
  ['農福', 'MAFF'],
  ['脱炭素', 'MOE'],
  ['国立公園', 'MOE'],
  ['ネイチャー', 'MOE'],
  ['資源循環', 'MOE'],
  ['OECM', 'MOE'],
  ['水環境', 'MOE'],
  ['半導体', 'METI'],
  ['ポスト5G', 'METI'],
  ['GX', 'METI'],
  ['中小企業', 'SMEA'],
  ['中堅', 'METI'],
  ['産業用地', 'METI'],
  ['賃上げ', 'METI'],
  ['越境 EC', 'METI'],
  ['海外展開', 'METI'],
  ['スタートアップ', 'CAO'],
  ['産学連携', 'MEXT'],
  ['コンテンツ', 'CAO'],
  ['交通', 'MLIT'],
  ['ドローン', 'MLIT'],
  ['モビリティ', 'MLIT'],
  ['物流', 'MLIT'],
  ['インフラ', 'MLIT'],
  ['上下水道', 'MLIT'],
  ['市街地', 'MLIT'],
  ['まちづくり', 'MLIT'],
  ['消防', 'FDMA'],
  ['避難', 'CAO'],
  ['防災', 'CAO'],
  ['子育て', 'CFA'],
  ['こども', 'CFA'],
  ['医療', 'MHLW'],
  ['介護', 'MHLW'],
  ['福祉', 'MHLW'],
  ['就業', 'MHLW'],
  ['教育', 'MEXT'],
  ['学校', 'MEXT'],
  ['移住', 'CAS'],
  ['関係人口', 'CAS'],
  ['地方創生', 'CAS'],
  ['地域くらしサービス', 'CAS'],
  ['交付金', 'CAS'],
  ['特区', 'CAO'],
  ['規制', 'DA'],
  ['金融機関', 'FSA'],
  ['SDGs', 'CAO'],
  ['情報システム', 'DA'],
  ['デジタル', 'DA'],
  ['RESAS', 'CAS'],
  ['働き方', 'CAS'],
];

export function inferOwner(...texts: readonly string[]): Owner {
  for (const text of texts) {
    const hit = KEYWORDS.find(([word]) => text.includes(word));
    if (hit) return { provenance: 'inferred', ministry: hit[1], reason: `「${hit[0]}」 in 「${text.slice(0, 60)}」` };
  }
  return { provenance: 'unassigned' };
}

/** A ministry the document itself names in the given lines (「文化庁と観光庁が連携して」). */
export function statedOwner(
  lines: readonly SourceLine[],
  from: number,
  to: number,
  names: ReadonlyMap<string, string>,
): Owner | undefined {
  for (const line of lines.slice(from - 1, to)) {
    for (const [name, code] of names) {
      // Only the ministry as the subject of the sentence (「文化庁と観光庁が連携して」, 「デジタル庁は」), not
      // a mere mention such as 「総務省情報通信審議会」.
      const at = line.raw.search(new RegExp(`${name}(は|が|と|において)`));
      if (at !== -1)
        return {
          provenance: 'stated',
          ministry: code,
          line: line.no,
          text: line.raw.slice(Math.max(0, at - 20), at + name.length + 20).trim(),
        };
    }
  }
  return undefined;
}
