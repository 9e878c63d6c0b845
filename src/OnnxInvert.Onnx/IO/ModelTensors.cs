using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Onnx.IO;

/// <summary>Enumerates every tensor a model holds: initializers, attribute tensors, sparse tensors, subgraphs, functions.</summary>
internal static class ModelTensors
{
    public static IEnumerable<TensorProto> All(ModelProto model)
    {
        var found = new List<TensorProto>();
        if (model.Graph is not null)
        {
            Collect(model.Graph, found);
        }

        foreach (var function in model.Functions)
        {
            CollectNodes(function.Node, found);
        }

        foreach (var training in model.TrainingInfo)
        {
            if (training.Initialization is not null)
            {
                Collect(training.Initialization, found);
            }

            if (training.Algorithm is not null)
            {
                Collect(training.Algorithm, found);
            }
        }

        return found;
    }

    private static void Collect(GraphProto graph, List<TensorProto> found)
    {
        found.AddRange(graph.Initializer);
        foreach (var sparse in graph.SparseInitializer)
        {
            AddSparse(sparse, found);
        }

        CollectNodes(graph.Node, found);
    }

    private static void CollectNodes(IEnumerable<NodeProto> nodes, List<TensorProto> found)
    {
        foreach (var node in nodes)
        {
            foreach (var attribute in node.Attribute)
            {
                if (attribute.T is not null)
                {
                    found.Add(attribute.T);
                }

                found.AddRange(attribute.Tensors);
                if (attribute.SparseTensor is not null)
                {
                    AddSparse(attribute.SparseTensor, found);
                }

                foreach (var sparse in attribute.SparseTensors)
                {
                    AddSparse(sparse, found);
                }

                if (attribute.G is not null)
                {
                    Collect(attribute.G, found);
                }

                foreach (var subgraph in attribute.Graphs)
                {
                    Collect(subgraph, found);
                }
            }
        }
    }

    private static void AddSparse(SparseTensorProto sparse, List<TensorProto> found)
    {
        if (sparse.Values is not null)
        {
            found.Add(sparse.Values);
        }

        if (sparse.Indices is not null)
        {
            found.Add(sparse.Indices);
        }
    }
}
