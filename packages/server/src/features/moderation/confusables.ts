/**
 * Look-alike characters and the Latin letters they pass for: the common subset of Unicode TR39's
 * confusables (https://www.unicode.org/Public/security/latest/confusables.txt) for the scripts
 * that name spoofing and filter evasion actually use — Cyrillic, Greek, Armenian, IPA and small
 * capitals — plus Latin letters that NFKD leaves whole (ø, ł, đ, ß, æ). Hand-picked on purpose:
 * the full table has thousands of lines, mostly symbols we never compare. Fullwidth and
 * mathematical letters (ｂ, 𝐛) need no entry: NFKD already turns them into ASCII.
 *
 * Both cases are listed where the capital is the look-alike (Cyrillic Н looks like H, its small
 * н does not look like h), because the map runs before lower-casing.
 */
// biome-ignore format: a table reads best in rows
export const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  А: 'A', а: 'a', В: 'B', Е: 'E', е: 'e', К: 'K', к: 'k', М: 'M', Н: 'H', О: 'O', о: 'o', Р: 'P', р: 'p',
  С: 'C', с: 'c', Т: 'T', У: 'Y', у: 'y', Х: 'X', х: 'x', І: 'I', і: 'i', Ј: 'J', ј: 'j', Ѕ: 'S', ѕ: 's',
  ԁ: 'd', һ: 'h', ԛ: 'q', Ԛ: 'Q', ԝ: 'w', Ԝ: 'W', ӏ: 'l', Ӏ: 'I', ү: 'y', Ү: 'Y',
  // Greek
  Α: 'A', α: 'a', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', ι: 'i', Κ: 'K', Μ: 'M', Ν: 'N', ν: 'v', Ο: 'O',
  ο: 'o', Ρ: 'P', ρ: 'p', Τ: 'T', Υ: 'Y', Χ: 'X', ϲ: 'c', Ϲ: 'C', ϳ: 'j',
  // Armenian
  օ: 'o', Օ: 'O', ս: 'u', Ս: 'U', հ: 'h', ո: 'n', ց: 'g',
  // Latin letters NFKD does not decompose, and IPA look-alikes
  ı: 'i', ɩ: 'i', ɡ: 'g', ɑ: 'a', ɒ: 'a', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ħ: 'h', Ħ: 'H',
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE',
  // Small capitals (ᴀʙᴄ fonts)
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n',
  ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
};

/**
 * Digits and symbols written for letters ("b4d", "sh!t", "@$$"). Used for blocked terms only:
 * in a display name "Team4" is not trying to be "Teama". `1`, `!` and `|` need one target each
 * because i and l are the same letter after folding (see `skeleton`).
 */
// biome-ignore format: a table reads best in rows
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g',
  '@': 'a', $: 's', '!': 'l', '|': 'l', '¡': 'l', '€': 'e',
};

/** The few digits and symbols that are drawn like letters, so they fold in names too (TR39 maps them). */
export const NAME_LOOKALIKES: Readonly<Record<string, string>> = { '0': 'o', '1': 'l', '|': 'l' };
