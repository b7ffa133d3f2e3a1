//===- Suggest.h - "did you mean" for names ---------------------*- C++ -*-===//

#ifndef SEQC_LIB_FRONTEND_SUGGEST_H
#define SEQC_LIB_FRONTEND_SUGGEST_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace seqc::front {

/// Up to `maxResults` of `candidates` closest to `name` by edit distance
/// (or differing by a dotted prefix), closest first.
std::vector<std::string> closestNames(llvm::StringRef name,
                                      llvm::ArrayRef<std::string> candidates,
                                      size_t maxResults);

/// "; did you mean 'a' or 'b'?", or "" for no names.
std::string didYouMean(llvm::ArrayRef<std::string> names);

} // namespace seqc::front

#endif // SEQC_LIB_FRONTEND_SUGGEST_H
