class MeanSquaredError(NodeModule):
    """The mean of (prediction - target)^2 over every number; on several ranks, this rank's share
    (its squared errors summed over the global count), so the shares add up to the batch's mean."""

    def __init__(self, node_id: str, seed: int, p):
        super().__init__(node_id, seed)

    def forward(self, step: StepContext, prediction, target) -> dict:
        squared = (prediction.float() - target.float()) ** 2
        count = step.global_sum(torch.tensor(float(squared.numel()), device=squared.device))
        return {"loss": squared.sum() / count}
