//===- VectorizeMatmul.cpp - vector code for GEMMs and elementwise --------===//
//
// seq-vectorize-matmul: runs on buffers (after bufferization, before
// linalg ops become loops) and replaces
//
//  - f32 `linalg.matmul` (C += A·B, B stored [K, N]), and the products
//    that reshape propagation or the recurrent lowering left as generics
//    (B packed in panels [N/width, K, width]), by the GEMM kernel of the
//    module's target (lib/Kernels, seqc::kernels::emitGemm): register
//    tiles sized to the target's vector registers, cache blocks to its L2.
//    When C was just filled with a bias row broadcast, the accumulators
//    start from the bias instead and the broadcast goes;
//  - all-parallel `linalg.generic`s whose body is arith/math on scalars
//    (a recurrent layer's gate math, activations, bias adds) by loops over
//    the outer dims and a vector loop over the innermost one, with a masked
//    last vector. math ops on vectors then become polynomials
//    (seq-approximate-vector-math).
//
// Operands must have a unit innermost stride; anything else is left to
// convert-linalg-to-loops.
//
//===----------------------------------------------------------------------===//

#include "seqc/Transforms/Passes.h"
#include "seqc/Kernels/Gemm.h"
#include "seqc/Kernels/IndexMath.h"
#include "seqc/Target/Target.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/IRMapping.h"

namespace seqc {
#define GEN_PASS_DEF_SEQVECTORIZEMATMUL
#include "seqc/Transforms/Passes.h.inc"
} // namespace seqc

using namespace mlir;
using seqc::kernels::addIndex;
using seqc::kernels::cIndex;
using seqc::kernels::roundDown;

namespace {

/// Marks a linalg.generic whose math ops may be vectorised (and then
/// approximated by seq-approximate-vector-math); convert-seq-to-linalg sets
/// it on the recurrent layers' gate math.
constexpr llvm::StringLiteral kVectorizeMathAttrName = "seq.vectorize_math";

bool hasUnitInnerStride(Value value) {
  auto type = llvm::dyn_cast<MemRefType>(value.getType());
  return type && type.getRank() >= 1 && isLastMemrefDimUnitStride(type);
}

/// What C holds before a product: a row `bias` broadcast along its leading
/// dims, or zeros, as the lowering's bias inits leave it.
struct AccumulatorInit {
  Value bias;
  bool zero = false;
  explicit operator bool() const { return bias || zero; }
};

/// Whether `generic` is the identity copy of its one input into its init.
bool isCopy(linalg::GenericOp generic) {
  if (!generic.hasPureBufferSemantics() || generic.getNumDpsInputs() != 1 ||
      generic.getNumDpsInits() != 1 ||
      generic.getNumParallelLoops() != generic.getNumLoops())
    return false;
  Block *body = generic.getBlock();
  auto yield = llvm::cast<linalg::YieldOp>(body->getTerminator());
  return body->getOperations().size() == 1 && yield.getValues().size() == 1 &&
         yield.getValues()[0] == body->getArgument(0) &&
         llvm::all_of(generic.getIndexingMapsArray(),
                      [](AffineMap map) { return map.isIdentity(); });
}

/// What `generic` writes into `out` when it is a bias broadcast of rank
/// `biasRank` (the bias collapsed to [N] is built before `op`) or a fill
/// with +0.0.
AccumulatorInit matchInit(linalg::GenericOp generic, Value out,
                          unsigned biasRank, Operation *op) {
  if (!generic.hasPureBufferSemantics() || generic.getNumDpsInits() != 1 ||
      generic.getDpsInits()[0] != out ||
      generic.getNumParallelLoops() != generic.getNumLoops())
    return {};
  Block *body = generic.getBlock();
  auto yield = llvm::cast<linalg::YieldOp>(body->getTerminator());
  if (body->getOperations().size() != 1 || yield.getValues().size() != 1)
    return {};
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  if (!maps.back().isIdentity())
    return {};
  if (generic.getNumDpsInputs() == 0) {
    auto cst = yield.getValues()[0].getDefiningOp<arith::ConstantOp>();
    auto value = cst ? llvm::dyn_cast<FloatAttr>(cst.getValue()) : nullptr;
    if (!value || !value.getValue().isPosZero())
      return {};
    AccumulatorInit init;
    init.zero = true;
    return init;
  }
  if (generic.getNumDpsInputs() != 1 ||
      yield.getValues()[0] != body->getArgument(0))
    return {};
  Value bias = generic.getDpsInputs()[0];
  // A generalised linalg.fill: the scalar is its input.
  if (auto cst = bias.getDefiningOp<arith::ConstantOp>()) {
    auto value = llvm::dyn_cast<FloatAttr>(cst.getValue());
    if (!value || !value.getValue().isPosZero())
      return {};
    AccumulatorInit init;
    init.zero = true;
    return init;
  }
  auto biasType = llvm::dyn_cast<MemRefType>(bias.getType());
  unsigned numLoops = generic.getNumLoops();
  if (!biasType || biasType.getRank() != biasRank || numLoops <= biasRank ||
      !biasType.getElementType().isF32())
    return {};
  MLIRContext *ctx = op->getContext();
  SmallVector<AffineExpr> trailing;
  for (unsigned d = numLoops - biasRank; d < numLoops; ++d)
    trailing.push_back(getAffineDimExpr(d, ctx));
  if (maps[0] != AffineMap::get(numLoops, 0, trailing, ctx))
    return {};
  ReassociationIndices all;
  for (unsigned d = 0; d < biasRank; ++d)
    all.push_back(d);
  if (biasRank > 1 && !memref::CollapseShapeOp::isGuaranteedCollapsible(
                          biasType, {all}))
    return {};
  if (biasRank == 1 && !hasUnitInnerStride(bias))
    return {};
  AccumulatorInit init;
  init.bias = bias;
  if (biasRank > 1) {
    OpBuilder b(op);
    init.bias = b.create<memref::CollapseShapeOp>(
        op->getLoc(), bias, ArrayRef<ReassociationIndices>{all});
  }
  return init;
}

/// If `c` holds a bias broadcast (or zeros) written by the linalg.generic
/// right before `op` (view-like ops aside), or copied there from a buffer
/// that only such a generic writes (bufferization's copy of an init shared
/// by several products), adds the ops that become dead to `dead` (the caller
/// erases them) and returns what C holds. The kernel then starts its
/// accumulators from it: C is never read.
AccumulatorInit takeBiasBroadcast(Operation *op, Value c, unsigned biasRank,
                                  llvm::SmallPtrSetImpl<Operation *> &dead) {
  Operation *prev = op->getPrevNode();
  while (prev && (llvm::isa<ViewLikeOpInterface, memref::DimOp>(prev) ||
                  prev->hasTrait<OpTrait::ConstantLike>()))
    prev = prev->getPrevNode();
  auto generic = llvm::dyn_cast_or_null<linalg::GenericOp>(prev);
  if (!generic)
    return {};
  if (!isCopy(generic) || generic.getDpsInits()[0] != c) {
    AccumulatorInit init = matchInit(generic, c, biasRank, op);
    if (init)
      dead.insert(generic);
    return init;
  }
  // A copy of `source`: what one generic, before the copy in this block,
  // wrote there; nothing else may write it.
  Value source = generic.getDpsInputs()[0];
  if (!source.getDefiningOp<memref::AllocOp>())
    return {};
  linalg::GenericOp producer;
  for (Operation *user : source.getUsers()) {
    if (llvm::isa<memref::DeallocOp>(user))
      continue;
    auto g = llvm::dyn_cast<linalg::GenericOp>(user);
    if (g && isCopy(g) && g.getDpsInputs()[0] == source)
      continue;
    if (!g || producer || g->getBlock() != op->getBlock() ||
        !g->isBeforeInBlock(generic))
      return {};
    producer = g;
  }
  if (!producer)
    return {};
  AccumulatorInit init = matchInit(producer, source, biasRank, op);
  if (!init)
    return {};
  // The bias is read at the product rather than at the broadcast: it must
  // be a weight (a global or an argument), which nothing writes.
  if (init.bias) {
    Value root = producer.getDpsInputs()[0];
    while (auto view = root.getDefiningOp<ViewLikeOpInterface>())
      root = view.getViewSource();
    if (!llvm::isa<BlockArgument>(root) &&
        !root.getDefiningOp<memref::GetGlobalOp>()) {
      if (Operation *collapse = init.bias.getDefiningOp();
          collapse && init.bias != producer.getDpsInputs()[0])
        collapse->erase();
      return {};
    }
  }
  dead.insert(generic);
  // The broadcast goes with its last copy.
  if (llvm::all_of(source.getUsers(), [&](Operation *user) {
        return user == producer.getOperation() ||
               llvm::isa<memref::DeallocOp>(user) || dead.contains(user);
      }))
    dead.insert(producer);
  return init;
}

/// The root buffer of `v` through view-like ops (collapse, expand,
/// reshape, subview), or null.
static Value getViewRoot(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    auto view = llvm::dyn_cast<ViewLikeOpInterface>(def);
    if (!view)
      break;
    v = view.getViewSource();
  }
  return v;
}

/// Every use of `root` and of the views of it, through view-like ops.
static void collectViewUsers(Value root, SmallVectorImpl<Operation *> &users) {
  for (Operation *user : root.getUsers()) {
    if (auto view = llvm::dyn_cast<ViewLikeOpInterface>(user);
        view && view.getViewSource() == root) {
      for (Value result : user->getResults())
        collectViewUsers(result, users);
      continue;
    }
    users.push_back(user);
  }
}

/// An activation on C that the GEMM can apply before it stores: the first
/// op after `op` that is not a view, a shape buffer or a constant must be
/// an all-parallel linalg.generic reading all of C (a view of C's buffer,
/// identity map) and writing another buffer of C's shape, with a body of
/// vectorisable arith (and erf, tanh, exp) on its one input. Nothing else may read C. Returns the generic and its output as
/// [M, N], or a null generic.
static std::pair<linalg::GenericOp, Value>
matchEpilogue(Operation *op, Value c, llvm::SmallPtrSetImpl<Operation *> &dead) {
  Value root = getViewRoot(c);
  if (!root.getDefiningOp<memref::AllocOp>())
    return {};
  Operation *next = op->getNextNode();
  while (next && (llvm::isa<ViewLikeOpInterface, memref::DimOp,
                            memref::AllocOp, memref::StoreOp>(next) ||
                  next->hasTrait<OpTrait::ConstantLike>()))
    next = next->getNextNode();
  auto generic = llvm::dyn_cast_or_null<linalg::GenericOp>(next);
  if (!generic || !generic.hasPureBufferSemantics() ||
      generic.getNumDpsInputs() != 1 || generic.getNumDpsInits() != 1 ||
      generic.getNumParallelLoops() != generic.getNumLoops() ||
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap m) { return m.isIdentity(); }))
    return {};
  Value input = generic.getDpsInputs()[0];
  Value output = generic.getDpsInits()[0];
  Block *body = generic.getBlock();
  if (getViewRoot(input) != root || !body->getArgument(1).use_empty())
    return {};
  // The input covers all of C: same element count, no subview on the way.
  for (Value v = input; v != root;
       v = llvm::cast<ViewLikeOpInterface>(v.getDefiningOp()).getViewSource())
    if (llvm::isa<memref::SubViewOp>(v.getDefiningOp()))
      return {};
  auto outType = llvm::dyn_cast<MemRefType>(output.getType());
  auto cType = llvm::cast<MemRefType>(c.getType());
  if (!outType || !outType.getLayout().isIdentity() ||
      !outType.getElementType().isF32() || outType.getRank() < 2 ||
      outType.isDynamicDim(outType.getRank() - 1) || cType.isDynamicDim(1) ||
      outType.getDimSize(outType.getRank() - 1) != cType.getDimSize(1) ||
      getViewRoot(output) == root)
    return {};
  // The activations' math (gelu's erf, gelu_tanh's tanh, silu's exp)
  // becomes seq-approximate-vector-math's polynomials, accurate to a few
  // ulp; a libm call per lane would cost more than the product's tile.
  for (Operation &inner : body->without_terminator()) {
    if (llvm::isa<arith::ConstantOp>(inner))
      continue;
    Dialect *dialect = inner.getDialect();
    if (!dialect || inner.getNumRegions() != 0 ||
        !(llvm::isa<arith::ArithDialect>(dialect) ||
          llvm::isa<math::ErfOp, math::TanhOp, math::ExpOp>(inner)) ||
        !inner.hasTrait<OpTrait::Elementwise>())
      return {};
    for (Type t : inner.getOperandTypes())
      if (!t.isF32())
        return {};
    for (Type t : inner.getResultTypes())
      if (!t.isF32())
        return {};
  }
  // Nothing but the product, its init, the epilogue and deallocs uses C.
  SmallVector<Operation *> users;
  collectViewUsers(root, users);
  for (Operation *user : users)
    if (user != op && user != generic.getOperation() &&
        !dead.contains(user) && !llvm::isa<memref::DeallocOp>(user))
      return {};
  // The product now writes the output: the output's buffer (and its views)
  // move before it when they come between the two, which needs their
  // operands defined before the product.
  SmallVector<Operation *> chain;
  for (Value v = output; Operation *def = v.getDefiningOp();) {
    if (def->getBlock() == op->getBlock() && op->isBeforeInBlock(def))
      chain.push_back(def);
    auto view = llvm::dyn_cast<ViewLikeOpInterface>(def);
    if (!view)
      break;
    v = view.getViewSource();
  }
  Value outRoot = getViewRoot(output);
  for (Operation *between = op->getNextNode(); between != generic;
       between = between->getNextNode())
    if (auto store = llvm::dyn_cast<memref::StoreOp>(between);
        store && getViewRoot(store.getMemRef()) == outRoot)
      return {};
  for (Operation *def : chain)
    for (Value operand : def->getOperands()) {
      Operation *from = operand.getDefiningOp();
      if (from && from->getBlock() == op->getBlock() &&
          !from->isBeforeInBlock(op) && !llvm::is_contained(chain, from))
        return {};
    }
  for (Operation *def : llvm::reverse(chain))
    def->moveBefore(op);
  OpBuilder b(op);
  Value out2 = output;
  if (outType.getRank() > 2) {
    ReassociationIndices lead;
    for (int64_t i = 0; i + 1 < outType.getRank(); ++i)
      lead.push_back(i);
    out2 = b.create<memref::CollapseShapeOp>(
        op->getLoc(), output,
        ArrayRef<ReassociationIndices>{lead, {outType.getRank() - 1}});
  }
  return {generic, out2};
}

/// The body of an elementwise generic of one f32 input, on a vector.
static Value emitVectorEpilogue(OpBuilder &b, Location loc,
                                linalg::GenericOp generic, Value x) {
  auto vecType = llvm::cast<VectorType>(x.getType());
  Block *body = generic.getBlock();
  IRMapping mapping;
  mapping.map(body->getArgument(0), x);
  auto lookup = [&](Value v) -> Value {
    if (Value mapped = mapping.lookupOrNull(v))
      return mapped;
    Value vec = b.create<vector::BroadcastOp>(loc, vecType, v);
    mapping.map(v, vec);
    return vec;
  };
  for (Operation &inner : body->without_terminator()) {
    if (llvm::isa<arith::ConstantOp>(inner)) {
      Value scalar = b.clone(inner)->getResult(0);
      mapping.map(inner.getResult(0),
                  b.create<vector::BroadcastOp>(loc, vecType, scalar));
      continue;
    }
    SmallVector<Value> operands;
    for (Value v : inner.getOperands())
      operands.push_back(lookup(v));
    SmallVector<Type> types(inner.getNumResults(), vecType);
    OperationState state(loc, inner.getName(), operands, types,
                         inner.getAttrs());
    Operation *created = b.create(state);
    for (auto [from, to] : llvm::zip(inner.getResults(), created->getResults()))
      mapping.map(from, to);
  }
  return lookup(llvm::cast<linalg::YieldOp>(body->getTerminator()).getValues()[0]);
}

/// C [M, N] += A [M, K] · B, B stored [K, N] or (`packed`) in panels
/// [N/width, K, width], by the target's GEMM kernel; replaces `op`. `cInit`
/// is C as `op` writes it (C itself, or before its collapse to 2-D): when a
/// bias broadcast of rank `biasRank` (1, or 2 for panels) fills it, the
/// kernel starts from the bias.
LogicalResult vectorizeMatmul(Operation *op, Value a, Value bMat, Value c,
                              bool packed, const seqc::TargetDescription &target,
                              int64_t widthOverride, int64_t blockNOverride,
                              int64_t parallelThreshold, Value cInit,
                              unsigned biasRank,
                              llvm::SmallPtrSetImpl<Operation *> &dead) {
  for (Value v : {a, bMat, c}) {
    auto type = llvm::dyn_cast<MemRefType>(v.getType());
    if (!type || type.getRank() != (v == bMat && packed ? 3 : 2) ||
        !type.getElementType().isF32() || !hasUnitInnerStride(v))
      return failure();
  }
  auto aType = llvm::cast<MemRefType>(a.getType());
  std::optional<int64_t> staticK, staticN;
  if (!aType.isDynamicDim(1))
    staticK = aType.getDimSize(1);
  auto bType = llvm::cast<MemRefType>(bMat.getType());
  if (packed && !bType.isDynamicDim(0))
    staticN = bType.getDimSize(0) * bType.getDimSize(2);
  else if (!packed && !bType.isDynamicDim(1))
    staticN = bType.getDimSize(1);
  seqc::kernels::GemmConfig config =
      seqc::kernels::GemmConfig::select(target, staticK, staticN);
  if (widthOverride > 0)
    config.width = widthOverride;
  if (blockNOverride > 0)
    config.blockN = std::max<int64_t>(
        1, (blockNOverride + config.tileColumns() - 1) / config.tileColumns()) *
        config.tileColumns();
  if (packed) {
    auto type = llvm::cast<MemRefType>(bMat.getType());
    // Any strides (a slice of the panels): the kernel indexes the memref.
    if (type.getDimSize(2) != config.width)
      return failure();
  }
  AccumulatorInit init = takeBiasBroadcast(op, cInit, biasRank, dead);
  // An activation after the product runs in its epilogue (the bias is
  // already the accumulators' start): one pass over C instead of three.
  auto [epilogue, out] = matchEpilogue(op, c, dead);
  OpBuilder b(op);
  seqc::kernels::GemmOperands operands;
  operands.a = a;
  operands.b = bMat;
  operands.c = c;
  operands.packed = packed;
  operands.bias = init.bias;
  operands.zero = init.zero;
  if (epilogue) {
    operands.out = out;
    operands.epilogue = [epilogue = epilogue](OpBuilder &eb, Location loc,
                                              Value x) {
      return emitVectorEpilogue(eb, loc, epilogue, x);
    };
    dead.insert(epilogue);
  }
  seqc::kernels::emitGemm(b, op->getLoc(), operands, config,
                          parallelThreshold);
  op->erase();
  return success();
}

/// What a generic operand is along the innermost loop: a contiguous run
/// (vector loads/stores) or a value constant along it (a broadcast scalar).
enum class Access { contiguous, broadcast, scalar };

/// Elementwise generics of at least this many elements run their outer
/// loops in parallel (a few hundred KiB: more than a thread wake costs).
constexpr int64_t kParallelElements = 1 << 16;

LogicalResult vectorizeElementwise(linalg::GenericOp op, int64_t width,
                                   bool parallel) {
  if (!op.hasPureBufferSemantics() || op.getNumLoops() == 0 ||
      op.getNumParallelLoops() != op.getNumLoops() || op.getNumDpsInits() == 0)
    return failure();
  unsigned numLoops = op.getNumLoops();
  unsigned inner = numLoops - 1;
  SmallVector<Access> access;
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    if (!op.isDpsInit(&operand) && operand.get().getType().isIntOrFloat()) {
      access.push_back(Access::scalar);
      continue;
    }
    auto type = llvm::dyn_cast<MemRefType>(operand.get().getType());
    if (!type || !map.isProjectedPermutation())
      return failure();
    // i1 elements are bytes in memory, but a vector<Nxi1> is stored as N
    // bits: bool buffers stay scalar.
    Type element = type.getElementType();
    if (!element.isIntOrFloat() || element.isInteger(1))
      return failure();
    bool usesInner = map.isFunctionOfDim(inner);
    if (!usesInner) {
      if (op.isDpsInit(&operand))
        return failure();
      access.push_back(Access::broadcast);
      continue;
    }
    if (map.getNumResults() == 0 ||
        !map.getResults().back().isFunctionOfDim(inner) ||
        !hasUnitInnerStride(operand.get()))
      return failure();
    access.push_back(Access::contiguous);
  }
  Block *body = op.getBlock();
  // Math ops on vectors become polynomial approximations; only generics
  // that ask for it (the recurrent gate math) trade libm's exact results
  // for that. Others are vectorised when their body has no math op.
  if (!op->hasAttr(kVectorizeMathAttrName))
    for (Operation &inner : body->without_terminator())
      if (llvm::isa<math::MathDialect>(inner.getDialect()))
        return failure();
  for (Operation &inner : body->without_terminator()) {
    if (llvm::isa<arith::ConstantOp>(inner))
      continue;
    Dialect *dialect = inner.getDialect();
    if (!dialect || !llvm::isa<arith::ArithDialect, math::MathDialect>(dialect) ||
        inner.getNumRegions() != 0 ||
        !(inner.hasTrait<OpTrait::Elementwise>() ||
          inner.hasTrait<OpTrait::Vectorizable>()))
      return failure();
    for (Type t : inner.getResultTypes())
      if (!t.isIntOrFloat())
        return failure();
    for (Type t : inner.getOperandTypes())
      if (!t.isIntOrFloat() && !t.isIndex())
        return failure();
  }
  // Index-typed values cannot be vector lanes here; be conservative.
  for (Operation &inner : body->without_terminator())
    for (Type t : inner.getOperandTypes())
      if (t.isIndex())
        return failure();

  OpBuilder b(op);
  Location loc = op.getLoc();
  // Loop bounds from the operands' shapes.
  SmallVector<Value> bounds;
  {
    SmallVector<OpFoldResult> sizes =
        llvm::cast<linalg::LinalgOp>(op.getOperation())
            .createFlatListOfOperandDims(b, loc);
    AffineMap shapesToLoops = op.getShapesToLoopsMap();
    if (!shapesToLoops)
      return failure();
    for (AffineExpr expr : shapesToLoops.getResults()) {
      auto dimExpr = llvm::dyn_cast<AffineDimExpr>(expr);
      if (!dimExpr)
        return failure();
      bounds.push_back(getValueOrCreateConstantIndexOp(
          b, loc, sizes[dimExpr.getPosition()]));
    }
  }

  // Emits the vector body at loop indices `ivs` (innermost = first lane).
  // Emits the vector body for each group of loop indices in `groups`
  // (innermost = first lane), op by op across the groups: independent
  // chains side by side let the core overlap the long latency chains of
  // gate math, which a reorder window of one group's ops cannot.
  auto emitVectorBody = [&](OpBuilder &nb, ArrayRef<SmallVector<Value>> groups,
                            Value mask) {
    SmallVector<IRMapping> mappings(groups.size());
    auto vecOf = [&](Type t) { return VectorType::get({width}, t); };
    auto broadcast = [&](Value scalar) -> Value {
      return nb.create<vector::BroadcastOp>(loc, vecOf(scalar.getType()),
                                            scalar);
    };
    auto indicesOf = [&](OpOperand &operand, ValueRange ivs) {
      AffineMap map = op.getMatchingIndexingMap(&operand);
      SmallVector<Value> idx;
      for (AffineExpr expr : map.getResults())
        idx.push_back(ivs[llvm::cast<AffineDimExpr>(expr).getPosition()]);
      return idx;
    };
    for (auto [g, ivs] : llvm::enumerate(groups)) {
      IRMapping &mapping = mappings[g];
      for (auto [operand, kind] : llvm::zip(op->getOpOperands(), access)) {
        BlockArgument arg = op.getMatchingBlockArgument(&operand);
        if (arg.use_empty())
          continue;
        if (kind == Access::scalar) {
          mapping.map(arg, broadcast(operand.get()));
          continue;
        }
        SmallVector<Value> idx = indicesOf(operand, ivs);
        Value v;
        if (kind == Access::broadcast) {
          v = broadcast(nb.create<memref::LoadOp>(loc, operand.get(), idx));
        } else if (mask) {
          Value pad = nb.create<arith::ConstantOp>(
              loc, DenseElementsAttr::get(vecOf(arg.getType()),
                                          nb.getZeroAttr(arg.getType())));
          v = nb.create<vector::MaskedLoadOp>(loc, vecOf(arg.getType()),
                                              operand.get(), idx, mask, pad);
        } else {
          v = nb.create<vector::LoadOp>(loc, vecOf(arg.getType()),
                                        operand.get(), idx);
        }
        mapping.map(arg, v);
      }
    }
    auto lookup = [&](IRMapping &mapping, Value v) -> Value {
      if (Value mapped = mapping.lookupOrNull(v))
        return mapped;
      // Defined outside the body (or a scalar constant): broadcast it.
      Value vec = broadcast(v);
      mapping.map(v, vec);
      return vec;
    };
    for (Operation &inner : body->without_terminator()) {
      for (IRMapping &mapping : mappings) {
        if (auto cst = llvm::dyn_cast<arith::ConstantOp>(inner)) {
          Value scalar = nb.clone(inner)->getResult(0);
          mapping.map(cst.getResult(), broadcast(scalar));
          continue;
        }
        SmallVector<Value> operands;
        for (Value v : inner.getOperands())
          operands.push_back(lookup(mapping, v));
        SmallVector<Type> types;
        for (Type t : inner.getResultTypes())
          types.push_back(vecOf(t));
        OperationState state(loc, inner.getName(), operands, types,
                             inner.getAttrs());
        Operation *created = nb.create(state);
        for (auto [from, to] :
             llvm::zip(inner.getResults(), created->getResults()))
          mapping.map(from, to);
      }
    }
    auto yield = llvm::cast<linalg::YieldOp>(body->getTerminator());
    for (auto [g, ivs] : llvm::enumerate(groups))
      for (auto [value, init] :
           llvm::zip(yield.getValues(), op.getDpsInitsMutable())) {
        Value vec = lookup(mappings[g], value);
        SmallVector<Value> idx = indicesOf(init, ivs);
        if (mask)
          nb.create<vector::MaskedStoreOp>(loc, init.get(), idx, mask, vec);
        else
          nb.create<vector::StoreOp>(loc, vec, init.get(), idx);
      }
  };
  // Gate math: two vectors per iteration.
  int64_t interleave = op->hasAttr(kVectorizeMathAttrName) ? 2 : 1;

  // Outer loops, then the vector loop and the masked tail.
  std::function<void(OpBuilder &, SmallVector<Value> &)> nest =
      [&](OpBuilder &nb, SmallVector<Value> &ivs) {
        if (ivs.size() == inner) {
          Value zero = cIndex(nb, loc, 0);
          Value groupEnd = zero;
          if (interleave > 1) {
            groupEnd = roundDown(nb, loc, zero, bounds[inner],
                                 interleave * width);
            nb.create<scf::ForOp>(
                loc, zero, groupEnd, cIndex(nb, loc, interleave * width),
                ValueRange{}, [&](OpBuilder &lb, Location, Value j, ValueRange) {
                  SmallVector<SmallVector<Value>> groups;
                  for (int64_t g = 0; g < interleave; ++g) {
                    groups.emplace_back(ivs);
                    groups.back().push_back(addIndex(lb, loc, j, g * width));
                  }
                  emitVectorBody(lb, groups, Value());
                  lb.create<scf::YieldOp>(loc);
                });
          }
          Value end = roundDown(nb, loc, zero, bounds[inner], width);
          nb.create<scf::ForOp>(
              loc, groupEnd, end, cIndex(nb, loc, width), ValueRange{},
              [&](OpBuilder &lb, Location, Value j, ValueRange) {
                SmallVector<Value> all(ivs);
                all.push_back(j);
                emitVectorBody(lb, {all}, Value());
                lb.create<scf::YieldOp>(loc);
              });
          nb.create<scf::ForOp>(
              loc, end, bounds[inner], cIndex(nb, loc, width), ValueRange{},
              [&](OpBuilder &lb, Location, Value j, ValueRange) {
                Value left = lb.create<arith::SubIOp>(loc, bounds[inner], j);
                Value mask = lb.create<vector::CreateMaskOp>(
                    loc, VectorType::get({width}, lb.getI1Type()),
                    ValueRange{left});
                SmallVector<Value> all(ivs);
                all.push_back(j);
                emitVectorBody(lb, {all}, mask);
                lb.create<scf::YieldOp>(loc);
              });
          return;
        }
        unsigned d = ivs.size();
        nb.create<scf::ForOp>(loc, cIndex(nb, loc, 0), bounds[d],
                              cIndex(nb, loc, 1), ValueRange{},
                              [&](OpBuilder &lb, Location, Value iv,
                                  ValueRange) {
                                ivs.push_back(iv);
                                nest(lb, ivs);
                                ivs.pop_back();
                                lb.create<scf::YieldOp>(loc);
                              });
      };
  SmallVector<Value> ivs;
  if (!parallel || inner == 0) {
    nest(b, ivs);
    op.erase();
    return success();
  }
  // Large enough: the outer loops as one scf.parallel (the runtime's threads
  // share their linearised iterations), the vector loop inside.
  Value elements = bounds[inner];
  for (unsigned d = 0; d < inner; ++d)
    elements = b.create<arith::MulIOp>(loc, elements, bounds[d]);
  Value big = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::uge, elements,
                                      cIndex(b, loc, kParallelElements));
  b.create<scf::IfOp>(
      loc, big,
      [&](OpBuilder &tb, Location) {
        SmallVector<Value> lower(inner, cIndex(tb, loc, 0));
        SmallVector<Value> steps(inner, cIndex(tb, loc, 1));
        SmallVector<Value> upper(bounds.begin(), bounds.begin() + inner);
        tb.create<scf::ParallelOp>(
            loc, lower, upper, steps,
            [&](OpBuilder &pb, Location, ValueRange outer) {
              SmallVector<Value> outerIvs(outer.begin(), outer.end());
              nest(pb, outerIvs);
            });
        tb.create<scf::YieldOp>(loc);
      },
      [&](OpBuilder &eb, Location) {
        SmallVector<Value> none;
        nest(eb, none);
        eb.create<scf::YieldOp>(loc);
      });
  op.erase();
  return success();
}

/// Whether `op`'s body is `yield out + in0 · in1`.
bool hasMultiplyAddBody(linalg::GenericOp op) {
  Block *body = op.getBlock();
  if (body->getOperations().size() != 3)
    return false;
  auto mul = llvm::dyn_cast<arith::MulFOp>(&body->front());
  auto add = llvm::dyn_cast<arith::AddFOp>(mul ? mul->getNextNode() : nullptr);
  if (!mul || !add)
    return false;
  Value in0 = body->getArgument(0), in1 = body->getArgument(1),
        out = body->getArgument(2);
  if (!((mul.getLhs() == in0 && mul.getRhs() == in1) ||
        (mul.getLhs() == in1 && mul.getRhs() == in0)))
    return false;
  if (!((add.getLhs() == out && add.getRhs() == mul) ||
        (add.getLhs() == mul && add.getRhs() == out)))
    return false;
  auto yield = llvm::cast<linalg::YieldOp>(body->getTerminator());
  if (yield.getValues().size() != 1 || yield.getValues()[0] != add)
    return false;

  return true;
}

/// A linalg.matmul that reshape propagation folded into a generic: loops
/// (m_0, ..., m_p, n, k) with A(m..., k), B(k, n), C(m..., n) and a
/// multiply-add body (x [B, T, I] · W as elementwise fusion leaves it).
/// Collapses A and C to 2-D and returns a linalg.matmul on them.
FailureOr<linalg::MatmulOp> contractionToMatmul(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op.getNumReductionLoops() != 1)
    return failure();
  unsigned numLoops = op.getNumLoops();
  if (numLoops < 3 ||
      op.getIteratorTypesArray().back() != utils::IteratorType::reduction)
    return failure();
  MLIRContext *ctx = op.getContext();
  unsigned kDim = numLoops - 1, nDim = numLoops - 2;
  SmallVector<AffineExpr> mDims;
  for (unsigned d = 0; d < nDim; ++d)
    mDims.push_back(getAffineDimExpr(d, ctx));
  SmallVector<AffineExpr> aExprs(mDims), cExprs(mDims);
  aExprs.push_back(getAffineDimExpr(kDim, ctx));
  cExprs.push_back(getAffineDimExpr(nDim, ctx));
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (maps[0] != AffineMap::get(numLoops, 0, aExprs, ctx) ||
      maps[1] != AffineMap::get(numLoops, 0,
                                {getAffineDimExpr(kDim, ctx),
                                 getAffineDimExpr(nDim, ctx)},
                                ctx) ||
      maps[2] != AffineMap::get(numLoops, 0, cExprs, ctx))
    return failure();
  if (!hasMultiplyAddBody(op))
    return failure();

  ReassociationIndices lead;
  for (unsigned d = 0; d < nDim; ++d)
    lead.push_back(d);
  SmallVector<ReassociationIndices> reassociation{lead, {nDim}};
  Value a = op.getDpsInputs()[0], c = op.getDpsInits()[0];
  for (Value v : {a, c}) {
    auto type = llvm::dyn_cast<MemRefType>(v.getType());
    if (!type || !type.getElementType().isF32() ||
        !memref::CollapseShapeOp::isGuaranteedCollapsible(type, reassociation))
      return failure();
  }
  OpBuilder b(op);
  Location loc = op.getLoc();
  Value a2 = b.create<memref::CollapseShapeOp>(loc, a, reassociation);
  Value c2 = b.create<memref::CollapseShapeOp>(loc, c, reassociation);
  auto matmul = b.create<linalg::MatmulOp>(
      loc, ValueRange{a2, op.getDpsInputs()[1]}, ValueRange{c2});
  op.erase();
  return matmul;
}

/// The recurrent lowering's product with a packed weight: loops
/// (m_0, ..., m_q, p, l, k) with A(m..., k), B(p, k, l), C(m..., p, l), a
/// multiply-add body, l of extent `width`. More than one m loop is the
/// hoisted input projection after reshape propagation (x [B, T, I]).
/// Returns A collapsed to [M, K] and C to [M, N].
FailureOr<std::pair<Value, Value>>
matchPackedContraction(linalg::GenericOp op, int64_t width) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op.getNumLoops() < 4 ||
      op.getNumReductionLoops() != 1 ||
      op.getIteratorTypesArray().back() != utils::IteratorType::reduction ||
      !hasMultiplyAddBody(op))
    return failure();
  MLIRContext *ctx = op.getContext();
  unsigned numLoops = op.getNumLoops();
  unsigned pDim = numLoops - 3, lDim = numLoops - 2, kDim = numLoops - 1;
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> aExprs, cExprs;
  ReassociationIndices lead;
  for (unsigned i = 0; i < pDim; ++i) {
    aExprs.push_back(d(i));
    cExprs.push_back(d(i));
    lead.push_back(i);
  }
  aExprs.push_back(d(kDim));
  cExprs.append({d(pDim), d(lDim)});
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (maps[0] != AffineMap::get(numLoops, 0, aExprs, ctx) ||
      maps[1] != AffineMap::get(numLoops, 0, {d(pDim), d(kDim), d(lDim)},
                                ctx) ||
      maps[2] != AffineMap::get(numLoops, 0, cExprs, ctx))
    return failure();
  Value a = op.getDpsInputs()[0], c = op.getDpsInits()[0];
  auto aType = llvm::dyn_cast<MemRefType>(a.getType());
  auto cType = llvm::dyn_cast<MemRefType>(c.getType());
  SmallVector<ReassociationIndices> aReassociation{lead, {pDim}};
  SmallVector<ReassociationIndices> cReassociation{lead, {pDim, lDim}};
  if (!aType || !cType || cType.getDimSize(lDim) != width ||
      !memref::CollapseShapeOp::isGuaranteedCollapsible(aType,
                                                        aReassociation) ||
      !memref::CollapseShapeOp::isGuaranteedCollapsible(cType,
                                                        cReassociation))
    return failure();
  OpBuilder b(op);
  Value a2 = a;
  if (lead.size() > 1)
    a2 = b.create<memref::CollapseShapeOp>(op.getLoc(), a, aReassociation);
  Value c2 =
      b.create<memref::CollapseShapeOp>(op.getLoc(), c, cReassociation);
  return std::make_pair(a2, c2);
}

struct SeqVectorizeMatmulPass
    : public seqc::impl::SeqVectorizeMatmulBase<SeqVectorizeMatmulPass> {
  using SeqVectorizeMatmulBase::SeqVectorizeMatmulBase;
  void runOnOperation() override {
    seqc::TargetDescription target = seqc::getTarget(getOperation());
    int64_t width = vectorWidth > 0 ? int64_t(vectorWidth) : target.f32Lanes();
    // Copies, fills and broadcasts are elementwise generics too.
    SmallVector<linalg::LinalgOp> named;
    getOperation()->walk([&](Operation *op) {
      if (llvm::isa<linalg::CopyOp, linalg::FillOp, linalg::BroadcastOp>(op))
        named.push_back(llvm::cast<linalg::LinalgOp>(op));
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : named) {
      rewriter.setInsertionPoint(op);
      (void)linalg::generalizeNamedOp(rewriter, op);
    }
    SmallVector<linalg::MatmulOp> matmuls;
    SmallVector<linalg::GenericOp> generics;
    getOperation()->walk([&](Operation *op) {
      if (auto mm = llvm::dyn_cast<linalg::MatmulOp>(op))
        matmuls.push_back(mm);
      else if (auto g = llvm::dyn_cast<linalg::GenericOp>(op))
        generics.push_back(g);
    });
    int64_t threshold = parallelThreshold > 0 ? parallelThreshold : 0;
    // A product inside a parallel loop (a slice of a recurrent step) is
    // already one thread's work: serial, without the parallel version.
    auto thresholdAt = [&](Operation *op) -> int64_t {
      if (op->getParentOfType<scf::ForallOp>() ||
          op->getParentOfType<scf::ParallelOp>())
        return 0;
      return threshold;
    };
    llvm::SmallPtrSet<Operation *, 8> dead;
    llvm::erase_if(generics, [&](linalg::GenericOp &g) {
      if (FailureOr<std::pair<Value, Value>> ac =
              matchPackedContraction(g, width);
          succeeded(ac)) {
        auto [a, c] = *ac;
        if (succeeded(vectorizeMatmul(g, a, g.getDpsInputs()[1], c,
                                      /*packed=*/true, target, vectorWidth,
                                      blockN, thresholdAt(g), g.getDpsInits()[0],
                                      /*biasRank=*/2, dead)))
          return true;
        c.getDefiningOp()->erase();
        if (a != g.getDpsInputs()[0])
          a.getDefiningOp()->erase();
        return false;
      }
      FailureOr<linalg::MatmulOp> mm = contractionToMatmul(g);
      if (failed(mm))
        return false;
      matmuls.push_back(*mm);
      return true;
    });
    for (linalg::MatmulOp mm : matmuls) {
      if (!mm.hasPureBufferSemantics())
        continue;
      (void)vectorizeMatmul(mm, mm.getDpsInputs()[0], mm.getDpsInputs()[1],
                            mm.getDpsInits()[0], /*packed=*/false, target,
                            vectorWidth, blockN, thresholdAt(mm),
                            mm.getDpsInits()[0],
                            /*biasRank=*/1, dead);
    }
    llvm::erase_if(generics, [&](linalg::GenericOp g) {
      return dead.contains(g.getOperation());
    });
    for (Operation *op : dead)
      op->erase();
    if (elementwise)
      for (linalg::GenericOp g : generics)
        (void)vectorizeElementwise(g, width, thresholdAt(g) > 0);
  }
};

} // namespace
