//! Interned strings: each distinct kind, status, role, date value or source is kept once and
//! referred to by number.

use rustc_hash::FxHashMap;

pub type Symbol = u32;

#[derive(Debug, Clone, Default)]
pub struct Symbols {
    names: Vec<Box<str>>,
    index: FxHashMap<Box<str>, Symbol>,
}

impl Symbols {
    pub fn intern(&mut self, name: &str) -> Symbol {
        if let Some(&symbol) = self.index.get(name) {
            return symbol;
        }
        let symbol = Symbol::try_from(self.names.len()).expect("fewer than 2^32 distinct labels");
        self.names.push(name.into());
        self.index.insert(name.into(), symbol);
        symbol
    }

    pub fn get(&self, name: &str) -> Option<Symbol> {
        self.index.get(name).copied()
    }

    pub fn name(&self, symbol: Symbol) -> &str {
        &self.names[symbol as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_name_gets_the_same_symbol() {
        let mut symbols = Symbols::default();
        let call = symbols.intern("call");
        let meeting = symbols.intern("meeting");
        assert_ne!(call, meeting);
        assert_eq!(symbols.intern("call"), call);
        assert_eq!(symbols.get("meeting"), Some(meeting));
        assert_eq!(symbols.get("visit"), None);
        assert_eq!(symbols.name(meeting), "meeting");
    }
}
