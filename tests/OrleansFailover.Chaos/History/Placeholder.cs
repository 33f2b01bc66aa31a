namespace OrleansFailover.Chaos.History;
