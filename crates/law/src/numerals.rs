//! Chinese numerals as statutes write article, paragraph and item numbers.

/// A number below 10,000 in Chinese numerals as statutes write article numbers:
/// 12 → 十二, 20 → 二十, 101 → 一百零一, 110 → 一百一十. Numbers from 10,000 up (no statute
/// has that many articles) are written with Arabic digits.
///
/// ```
/// use weiquan_law::chinese_number;
///
/// assert_eq!(chinese_number(55), "五十五");
/// assert_eq!(chinese_number(148), "一百四十八");
/// assert_eq!(chinese_number(1005), "一千零五");
/// ```
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| DIGITS.get(d as usize).copied().unwrap_or("");
    if n == 0 {
        return "零".to_owned();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let parts = [
        (n / 1000, "千"),
        (n / 100 % 10, "百"),
        (n / 10 % 10, "十"),
        (n % 10, ""),
    ];
    let mut s = String::new();
    let mut pending_zero = false;
    for (d, unit) in parts {
        if d == 0 {
            pending_zero = !s.is_empty();
            continue;
        }
        if pending_zero {
            s.push('零');
            pending_zero = false;
        }
        // 10–19 are written 十, 十一 … at the start, not 一十.
        if !(unit == "十" && d == 1 && s.is_empty()) {
            s.push_str(digit(d));
        }
        s.push_str(unit);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::chinese_number;

    #[test]
    fn statute_numbers() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (148, "一百四十八"),
            (200, "二百"),
            (1000, "一千"),
            (1010, "一千零一十"),
            (1260, "一千二百六十"),
            (9999, "九千九百九十九"),
            (10_000, "10000"),
        ];
        for (n, zh) in cases {
            assert_eq!(chinese_number(n), zh, "{n}");
        }
    }

    /// Reading the numeral back gives the number: a second, independent statement of the
    /// rule (a parser written from the rules of Chinese numerals, not from the writer).
    #[test]
    fn round_trip_below_ten_thousand() {
        fn read(s: &str) -> u32 {
            let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
            let mut total = 0;
            let mut current = 0;
            for c in s.chars() {
                match c {
                    '千' => {
                        total += current * 1000;
                        current = 0;
                    }
                    '百' => {
                        total += current * 100;
                        current = 0;
                    }
                    '十' => {
                        total += current.max(1) * 10;
                        current = 0;
                    }
                    _ => current = digit(c).unwrap() as u32,
                }
            }
            total + current
        }
        for n in 1..10_000 {
            assert_eq!(read(&chinese_number(n)), n, "{n}: {}", chinese_number(n));
        }
    }
}
