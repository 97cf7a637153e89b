rule broken { strings: $s = "unterminated
