class StepContext:
    """What a model node knows about the step it runs in (engine/runtime/step.ts).

    `world` is set while training on more than one rank: a loss node then returns its rank's
    share of the global batch's loss, so the shares of all ranks add up to that loss.
    """

    def __init__(self, training: bool, step: int, seed: int, world=None):
        self.training = training
        self.step = step
        self.seed = seed
        self.world = world

    def global_sum(self, x: torch.Tensor) -> torch.Tensor:
        """x summed over every rank's slice of the batch (x itself on one rank). Not differentiated."""
        if self.world is None or self.world.size == 1:
            return x
        total = x.detach().clone()
        dist.all_reduce(total)
        return total


def device_of(method) -> torch.device:
    """The device a model method's (a bound method of the Model) weights live on: where its inputs go."""
    return next(iter(method.__self__.parameters())).device


class NodeModule(nn.Module):
    """A model node's weights under the engine's names ("<node id>/<name>"), each started as the
    engine starts it: the same initializer, from a random stream seeded by the graph seed and the
    weight's name, so a node's start does not depend on which other nodes the graph has. (The
    draws are torch's, not tfjs's: to start from the engine's very numbers, use --init-from.)

    Matrices are stored [in, out] and applied as x @ w, as the engine stores them, so a weight
    means the same here and there and moves between the two without a transpose.
    """

    def __init__(self, node_id: str, seed: int):
        super().__init__()
        self.node_id = node_id
        self.seed = seed
        self.engine_names = {}

    def add_weight(self, name: str, shape, init: dict, limits: dict = None) -> nn.Parameter:
        data = torch.empty(shape, dtype=torch.float32)
        kind = init["kind"]
        if kind == "normal":
            generator = torch.Generator().manual_seed(hash_seed(self.seed, f"{self.node_id}/{name}"))
            data.normal_(0.0, init["std"], generator=generator)
        elif kind == "values":
            data.copy_(torch.tensor(init["values"], dtype=torch.float32).view(shape))
        elif kind in ("zeros", "ones", "constant"):
            data.fill_({"zeros": 0.0, "ones": 1.0}.get(kind, init.get("value", 0.0)))
        else:
            raise ValueError(f'node {self.node_id}: unknown initializer "{kind}" for {name}')
        param = nn.Parameter(data)
        # The engine decays matrices, not biases and norm gains (engine/runtime/variables.ts).
        param.decay = len(shape) >= 2
        param.limits = limits
        attr = name.replace(".", "_")
        self.register_parameter(attr, param)
        self.engine_names[name] = attr
        return param

    def engine_weights(self) -> dict:
        return {f"{self.node_id}/{name}": getattr(self, attr) for name, attr in self.engine_names.items()}

    def get(self, name: str) -> nn.Parameter:
        """A weight by its engine name ("block0.ln1.gamma")."""
        return getattr(self, self.engine_names[name])
