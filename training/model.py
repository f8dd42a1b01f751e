"""Compact CNN acoustic model (ONNX-friendly: Conv, BatchNorm, Relu, MaxPool, Reshape/Transpose, Add, Sigmoid).

input  [B, T, bins]  (log1p log-frequency spectrogram, 50 frames/s)
   -> 4 x (Conv2d 3x3 'same' + BN + ReLU) over (time, freq) with frequency max-pooling (x1/2 after each of the first three)
   -> flatten channels x freq per frame -> Conv1d 1x1 (= per-frame dense) -> H units
   -> 2 residual dilated temporal Conv1d (kernel 3, dilation 2 and 4)  ('same' padding: output t aligns with input t)
   -> heads: onset/frame/offset/velocity (88 each) and pedal onset/frame/offset (1 each), all sigmoid.
"""
import torch
import torch.nn as nn


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, pool):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.pool = nn.MaxPool2d((1, 2)) if pool else None

    def forward(self, x):
        x = torch.relu(self.bn(self.conv(x)))
        return self.pool(x) if self.pool is not None else x


class TemporalBlock(nn.Module):
    def __init__(self, h, dilation):
        super().__init__()
        self.conv = nn.Conv1d(h, h, 3, padding=dilation, dilation=dilation, bias=False)
        self.bn = nn.BatchNorm1d(h)

    def forward(self, x):
        return x + torch.relu(self.bn(self.conv(x)))


class PianoNet(nn.Module):
    def __init__(self, bins, channels=(8, 16, 24, 32), hidden=256, pools=(True, True, True, False)):
        super().__init__()
        self.bins = bins
        self.arch = {'channels': list(channels), 'hidden': hidden, 'pools': list(pools)}
        blocks, cin, f = [], 1, bins
        for cout, pool in zip(channels, pools):
            blocks.append(ConvBlock(cin, cout, pool))
            cin = cout
            if pool:
                f //= 2
        self.convs = nn.Sequential(*blocks)
        c4 = channels[-1]
        self.flat = c4 * f
        self.proj = nn.Conv1d(self.flat, hidden, 1, bias=False)
        self.proj_bn = nn.BatchNorm1d(hidden)
        self.temporal = nn.Sequential(TemporalBlock(hidden, 2), TemporalBlock(hidden, 4))
        self.notes = nn.Conv1d(hidden, 88 * 4, 1)
        self.pedal = nn.Conv1d(hidden, 3, 1)

    def forward(self, spec):
        # spec [B, T, F]
        x = spec.unsqueeze(1)                      # [B,1,T,F]
        x = self.convs(x)                          # [B,C,T,F']
        b, c, t, f = x.shape
        x = x.permute(0, 1, 3, 2).reshape(b, c * f, t)  # [B, C*F', T]
        x = torch.relu(self.proj_bn(self.proj(x)))
        x = self.temporal(x)
        n = torch.sigmoid(self.notes(x))           # [B, 352, T]
        p = torch.sigmoid(self.pedal(x))           # [B, 3, T]
        n = n.reshape(b, 4, 88, t).permute(1, 0, 3, 2)  # [4, B, T, 88]
        return n[0], n[1], n[2], n[3], p[:, 0], p[:, 1], p[:, 2]


def macs_per_frame(m):
    """Multiply-accumulates per output frame (convolutions + dense layers)."""
    total = 0
    f = m.bins
    cin = 1
    for blk in m.convs:
        cout = blk.conv.out_channels
        total += f * cout * cin * 9
        cin = cout
        if blk.pool is not None:
            f //= 2
    h = m.proj.out_channels
    total += m.flat * h + len(m.temporal) * h * h * 3 + h * (88 * 4 + 3)
    return total


def receptive_field_frames(m):
    """Frames of context on each side that one output frame sees: (k-1)/2 per 3x3 convolution over time, plus the
    dilation of each temporal block (kernel 3). Written to the model's metadata (AcousticModel.ReceptiveFieldKey)."""
    return len(m.convs) + sum(blk.conv.dilation[0] for blk in m.temporal)
