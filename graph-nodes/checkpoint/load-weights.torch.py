class PassLoss(NodeModule):
    """The loss, unchanged: the saved run's weights were loaded by the exporter (the data folder's
    initial-weights.safetensors), and the program starts from them."""

    def __init__(self, node_id: str, seed: int, p):
        super().__init__(node_id, seed)

    def forward(self, step: StepContext, loss) -> dict:
        return {"loss": loss}
