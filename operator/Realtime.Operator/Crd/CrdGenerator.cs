using System.Reflection;
using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Crd;

/// <summary>The CustomResourceDefinition of <see cref="RealtimeCluster"/>, generated from the C# types.</summary>
internal static class CrdGenerator
{
    public static V1CustomResourceDefinition Generate()
    {
        var type = typeof(RealtimeCluster);
        var scale = type.GetCustomAttribute<ScaleSubresourceAttribute>();
        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta
            {
                Name = $"{RealtimeCluster.Plural}.{RealtimeCluster.ApiGroup}",
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "realtime-operator" },
            },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = RealtimeCluster.ApiGroup,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = RealtimeCluster.KindName,
                    ListKind = RealtimeCluster.KindName + "List",
                    Plural = RealtimeCluster.Plural,
                    Singular = RealtimeCluster.KindName.ToLowerInvariant(),
                    ShortNames = type.GetCustomAttribute<ShortNamesAttribute>()?.Names.ToList(),
                    Categories = type.GetCustomAttribute<CategoriesAttribute>()?.Names.ToList(),
                },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = RealtimeCluster.ApiVersionName,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = SchemaBuilder.For(type) },
                        Subresources = new V1CustomResourceSubresources
                        {
                            Status = new Dictionary<string, object>(),
                            Scale = scale is null
                                ? null
                                : new V1CustomResourceSubresourceScale
                                {
                                    SpecReplicasPath = scale.SpecReplicasPath,
                                    StatusReplicasPath = scale.StatusReplicasPath,
                                    LabelSelectorPath = scale.LabelSelectorPath,
                                },
                        },
                        AdditionalPrinterColumns = type.GetCustomAttributes<PrinterColumnAttribute>()
                            .Select(column => new V1CustomResourceColumnDefinition
                            {
                                Name = column.Name,
                                Type = column.Type,
                                JsonPath = column.JsonPath,
                                Description = column.Description,
                                Priority = column.Priority == 0 ? null : column.Priority,
                            })
                            .ToList(),
                    },
                ],
            },
        };
    }
}
