//===- Lexer.cpp - tokens of the .seq model language ------------*- C++ -*-===//

#include "Lexer.h"

#include "llvm/ADT/StringSwitch.h"

#include <cerrno>
#include <cstdlib>

using namespace seqc::front;

llvm::StringRef seqc::front::tokenDescription(Tok kind) {
  switch (kind) {
  case Tok::Eof:
    return "end of file";
  case Tok::Error:
    return "an invalid character";
  case Tok::Newline:
    return "end of line";
  case Tok::Ident:
    return "a name";
  case Tok::Int:
    return "an integer";
  case Tok::Float:
    return "a number";
  case Tok::String:
    return "a string";
  case Tok::LParen:
    return "'('";
  case Tok::RParen:
    return "')'";
  case Tok::LBracket:
    return "'['";
  case Tok::RBracket:
    return "']'";
  case Tok::LBrace:
    return "'{'";
  case Tok::RBrace:
    return "'}'";
  case Tok::Comma:
    return "','";
  case Tok::Colon:
    return "':'";
  case Tok::Semicolon:
    return "';'";
  case Tok::Assign:
    return "'='";
  case Tok::Arrow:
    return "'->'";
  case Tok::Plus:
    return "'+'";
  case Tok::Minus:
    return "'-'";
  case Tok::Star:
    return "'*'";
  case Tok::Slash:
    return "'/'";
  case Tok::At:
    return "'@'";
  case Tok::EqEq:
    return "'=='";
  case Tok::NotEq:
    return "'!='";
  case Tok::Less:
    return "'<'";
  case Tok::LessEq:
    return "'<='";
  case Tok::Greater:
    return "'>'";
  case Tok::GreaterEq:
    return "'>='";
  case Tok::Dot:
    return "'.'";
  case Tok::DotDot:
    return "'..'";
  case Tok::KwModel:
    return "'model'";
  case Tok::KwBlock:
    return "'block'";
  case Tok::KwDim:
    return "'dim'";
  case Tok::KwFor:
    return "'for'";
  case Tok::KwIn:
    return "'in'";
  case Tok::KwWith:
    return "'with'";
  case Tok::KwReturn:
    return "'return'";
  case Tok::KwTrue:
    return "'true'";
  case Tok::KwFalse:
    return "'false'";
  case Tok::KwNone:
    return "'none'";
  }
  return "a token";
}

static bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool isDigit(char c) { return c >= '0' && c <= '9'; }

Token Lexer::make(Tok kind, const char *begin, Pos pos) const {
  Token tok;
  tok.kind = kind;
  tok.spelling = llvm::StringRef(begin, cur - begin);
  tok.pos = pos;
  return tok;
}

Token Lexer::next() {
  while (true) {
    if (cur == buffer.end()) {
      // A last line without '\n' still ends its statement.
      if (lineHasToken) {
        lineHasToken = false;
        return make(Tok::Newline, cur, here());
      }
      return make(Tok::Eof, cur, here());
    }
    char c = *cur;
    if (c == '\n') {
      Pos pos = here();
      const char *begin = cur++;
      ++line;
      lineStart = cur;
      if (lineHasToken) {
        lineHasToken = false;
        Token tok = make(Tok::Newline, begin, pos);
        return tok;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++cur;
      continue;
    }
    if (c == '#') {
      while (cur != buffer.end() && *cur != '\n')
        ++cur;
      continue;
    }
    break;
  }

  lineHasToken = true;
  Pos pos = here();
  const char *begin = cur;
  char c = *cur++;
  auto peek = [&]() -> char { return cur == buffer.end() ? '\0' : *cur; };

  if (isIdentStart(c)) {
    while (cur != buffer.end() && (isIdentStart(*cur) || isDigit(*cur)))
      ++cur;
    llvm::StringRef word(begin, cur - begin);
    Tok kind = llvm::StringSwitch<Tok>(word)
                   .Case("model", Tok::KwModel)
                   .Case("block", Tok::KwBlock)
                   .Case("dim", Tok::KwDim)
                   .Case("for", Tok::KwFor)
                   .Case("in", Tok::KwIn)
                   .Case("with", Tok::KwWith)
                   .Case("return", Tok::KwReturn)
                   .Case("true", Tok::KwTrue)
                   .Case("false", Tok::KwFalse)
                   .Case("none", Tok::KwNone)
                   .Default(Tok::Ident);
    Token tok = make(kind, begin, pos);
    tok.text = word.str();
    return tok;
  }
  if (isDigit(c) || (c == '.' && isDigit(peek())))
    return lexNumber(begin, pos);
  if (c == '"')
    return lexString(begin, pos);

  switch (c) {
  case '(':
    return make(Tok::LParen, begin, pos);
  case ')':
    return make(Tok::RParen, begin, pos);
  case '[':
    return make(Tok::LBracket, begin, pos);
  case ']':
    return make(Tok::RBracket, begin, pos);
  case '{':
    return make(Tok::LBrace, begin, pos);
  case '}':
    return make(Tok::RBrace, begin, pos);
  case ',':
    return make(Tok::Comma, begin, pos);
  case ':':
    return make(Tok::Colon, begin, pos);
  case ';':
    return make(Tok::Semicolon, begin, pos);
  case '=':
    if (peek() == '=') {
      ++cur;
      return make(Tok::EqEq, begin, pos);
    }
    return make(Tok::Assign, begin, pos);
  case '!':
    if (peek() == '=') {
      ++cur;
      return make(Tok::NotEq, begin, pos);
    }
    break;
  case '<':
    if (peek() == '=') {
      ++cur;
      return make(Tok::LessEq, begin, pos);
    }
    return make(Tok::Less, begin, pos);
  case '>':
    if (peek() == '=') {
      ++cur;
      return make(Tok::GreaterEq, begin, pos);
    }
    return make(Tok::Greater, begin, pos);
  case '@':
    return make(Tok::At, begin, pos);
  case '+':
    return make(Tok::Plus, begin, pos);
  case '*':
    return make(Tok::Star, begin, pos);
  case '/':
    return make(Tok::Slash, begin, pos);
  case '-':
    if (peek() == '>') {
      ++cur;
      return make(Tok::Arrow, begin, pos);
    }
    return make(Tok::Minus, begin, pos);
  case '.':
    if (peek() == '.') {
      ++cur;
      return make(Tok::DotDot, begin, pos);
    }
    // `x.view(...)`: a method call (`.5` is a number, lexed above).
    return make(Tok::Dot, begin, pos);
  default:
    break;
  }
  if (c >= ' ' && c <= '~') {
    error(pos, "unexpected character '" + llvm::Twine(c) + "'");
  } else if (static_cast<unsigned char>(c) >= 0x80) {
    // One error for the whole UTF-8 sequence.
    while (cur != buffer.end() &&
           (static_cast<unsigned char>(*cur) & 0xC0) == 0x80)
      ++cur;
    error(pos, "unexpected non-ASCII character outside a string or comment");
  } else {
    error(pos, "unexpected byte 0x" +
                   llvm::Twine::utohexstr(static_cast<unsigned char>(c)));
  }
  return make(Tok::Error, begin, pos);
}

Token Lexer::lexNumber(const char *begin, Pos pos) {
  bool isFloat = *begin == '.';
  while (cur != buffer.end() && isDigit(*cur))
    ++cur;
  // `0..4` is a range, not the number `0.`.
  if (cur != buffer.end() && *cur == '.' &&
      !(cur + 1 != buffer.end() && cur[1] == '.')) {
    isFloat = true;
    ++cur;
    while (cur != buffer.end() && isDigit(*cur))
      ++cur;
  }
  if (cur != buffer.end() && (*cur == 'e' || *cur == 'E')) {
    const char *exp = cur + 1;
    if (exp != buffer.end() && (*exp == '+' || *exp == '-'))
      ++exp;
    if (exp != buffer.end() && isDigit(*exp)) {
      isFloat = true;
      cur = exp;
      while (cur != buffer.end() && isDigit(*cur))
        ++cur;
    }
  }
  Token tok = make(isFloat ? Tok::Float : Tok::Int, begin, pos);
  std::string text = tok.spelling.str();
  if (isFloat) {
    tok.floatValue = std::strtod(text.c_str(), nullptr);
  } else {
    errno = 0;
    unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
    if (errno == ERANGE || value > uint64_t(INT64_MAX)) {
      error(pos, "integer " + text + " is too large");
      value = 0;
    }
    tok.intValue = int64_t(value);
  }
  return tok;
}

Token Lexer::lexString(const char *begin, Pos pos) {
  while (cur != buffer.end() && *cur != '"' && *cur != '\n') {
    if (*cur == '\\' && cur + 1 != buffer.end() && cur[1] != '\n')
      ++cur;
    ++cur;
  }
  if (cur == buffer.end() || *cur != '"') {
    error(pos, "unterminated string");
    Token tok = make(Tok::String, begin, pos);
    tok.text = llvm::StringRef(begin + 1, cur - begin - 1).str();
    return tok;
  }
  ++cur;
  Token tok = make(Tok::String, begin, pos);
  tok.text = llvm::StringRef(begin + 1, cur - begin - 2).str();
  return tok;
}
